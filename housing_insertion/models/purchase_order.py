from odoo import _, api, fields, models
from odoo.exceptions import UserError

CLAUSE_GROUPS = "purchase.group_purchase_user,housing_insertion.group_insertion_officer"


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    maintenance_request_id = fields.Many2one(
        "maintenance.request",
        index="btree_not_null",
        copy=False,
        check_company=True,
        help="Maintenance request this order carries out; the order keeps its dwelling.",
    )
    housing_unit_id = fields.Many2one(
        "housing.unit",
        string="Dwelling",
        compute="_compute_housing_unit_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        check_company=True,
        help="Dwelling the works are for, so that the insertion hours can be reported per residence.",
    )
    housing_residence_id = fields.Many2one(
        "housing.residence",
        string="Residence",
        compute="_compute_housing_residence_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        check_company=True,
    )
    insertion_clause_ids = fields.One2many(
        "housing.insertion.clause", "order_id", string="Insertion Clauses", groups=CLAUSE_GROUPS
    )
    insertion_clause_id = fields.Many2one(
        "housing.insertion.clause",
        compute="_compute_insertion_clause_id",
        store=True,
        index="btree_not_null",
        groups=CLAUSE_GROUPS,
    )
    insertion_mode = fields.Selection(related="insertion_clause_id.mode", groups=CLAUSE_GROUPS)
    insertion_target_hours = fields.Float(
        related="insertion_clause_id.target_hours", string="Insertion Target Hours", groups=CLAUSE_GROUPS
    )
    insertion_hours_done = fields.Float(
        related="insertion_clause_id.hours_done", string="Insertion Hours Done", groups=CLAUSE_GROUPS
    )
    insertion_completion_rate = fields.Float(
        related="insertion_clause_id.completion_rate", string="Insertion Completion (%)", groups=CLAUSE_GROUPS
    )
    insertion_hours_owed = fields.Float(
        related="insertion_clause_id.hours_owed", string="Insertion Hours Still Owed", groups=CLAUSE_GROUPS
    )
    insertion_facilitator_id = fields.Many2one(
        related="insertion_clause_id.facilitator_id", string="Insertion Facilitator", groups=CLAUSE_GROUPS
    )
    insertion_clause_state = fields.Selection(
        related="insertion_clause_id.state", string="Insertion Clause Status", groups=CLAUSE_GROUPS
    )
    insertion_clause_required = fields.Boolean(
        compute="_compute_insertion_clause_required",
        help="The untaxed amount reaches the company's insertion clause threshold.",
    )
    insertion_waiver_reason = fields.Text(
        string="Reason for No Insertion Clause",
        copy=False,
        help="Why an order above the insertion clause threshold was confirmed without a clause.",
    )
    insertion_agreement_expired = fields.Boolean(
        compute="_compute_insertion_agreement_expired",
        store=True,
        help="The supplier is an insertion structure whose State agreement had expired on the order date.",
    )

    # ------------------------------------------------------------------ computes
    @api.depends("maintenance_request_id")
    def _compute_housing_unit_id(self):
        for order in self.filtered("maintenance_request_id"):
            order.housing_unit_id = order.maintenance_request_id.housing_unit_id or order.housing_unit_id

    @api.depends("housing_unit_id")
    def _compute_housing_residence_id(self):
        for order in self.filtered("housing_unit_id"):
            order.housing_residence_id = order.housing_unit_id.residence_id

    @api.depends("insertion_clause_ids")
    def _compute_insertion_clause_id(self):
        for order in self:
            order.insertion_clause_id = order.insertion_clause_ids[:1]

    @api.depends("amount_untaxed", "currency_id", "company_id.housing_insertion_threshold", "date_order")
    def _compute_insertion_clause_required(self):
        for order in self:
            order.insertion_clause_required = order._reaches_insertion_threshold()

    @api.depends("partner_id", "date_order")
    def _compute_insertion_agreement_expired(self):
        # a snapshot at the order date: renewing the agreement later does not rewrite the history
        for order in self:
            on_date = fields.Date.to_date(order.date_order) or fields.Date.context_today(order)
            partner = order.partner_id.commercial_partner_id
            order.insertion_agreement_expired = bool(partner) and partner._insertion_agreement_expired_on(on_date)

    # ------------------------------------------------------------------ CRUD
    @api.ondelete(at_uninstall=False)
    def _unlink_except_insertion_hires(self):
        if self.env["housing.insertion.hire"].sudo().search_count([("order_id", "in", self.ids)], limit=1):
            raise UserError(_("An order whose insertion clause has hires cannot be deleted: cancel it instead."))

    # ------------------------------------------------------------------ actions
    def button_confirm(self):
        """Above the company's threshold, an order without an insertion clause is confirmed only once the reason
        is given (wizard); the reason is recorded on the order and in its chatter."""
        if not self.env.context.get("insertion_waiver_given"):
            missing = self._get_orders_missing_clause()
            if missing:
                return missing._action_open_insertion_waiver(self)
        return super().button_confirm()

    def action_add_insertion_clause(self):
        self.ensure_one()
        if self.insertion_clause_ids:
            return self.insertion_clause_id.get_formview_action()
        return {
            "type": "ir.actions.act_window",
            "name": _("Insertion Clause"),
            "res_model": "housing.insertion.clause",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def action_open_insertion_clause(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "housing.insertion.clause",
            "res_id": self.insertion_clause_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------------ business
    def _reaches_insertion_threshold(self):
        self.ensure_one()
        company = self.company_id or self.env.company
        threshold = company.housing_insertion_threshold
        if threshold <= 0 or not self.currency_id:
            return False
        amount = self.currency_id._convert(
            self.amount_untaxed,
            company.currency_id,
            company,
            fields.Date.to_date(self.date_order) or fields.Date.today(),
        )
        return company.currency_id.compare_amounts(amount, threshold) >= 0

    def _get_orders_missing_clause(self):
        """Orders about to be confirmed that reach the threshold, carry no clause and no recorded reason."""
        clauses = self.sudo().insertion_clause_ids
        return self.filtered(
            lambda order: (
                order.state in ("draft", "sent")
                and not order.insertion_waiver_reason
                and order not in clauses.order_id
                and order._reaches_insertion_threshold()
            )
        )

    def _action_open_insertion_waiver(self, to_confirm):
        return {
            "type": "ir.actions.act_window",
            "name": _("Order Without Insertion Clause"),
            "res_model": "purchase.order.insertion.waiver",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_order_ids": self.ids,
                "default_confirm_order_ids": to_confirm.ids,
            },
        }
