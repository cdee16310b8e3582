from odoo import _, api, fields, models
from odoo.exceptions import UserError


class HousingRentCallDebit(models.TransientModel):
    """Prepare the direct debit orders of a month: one order per debit day, from the rent notices of the tenants
    with a valid mandate, confirmed with its pain.008 file for the bank."""

    _name = "housing.rent.call.debit"
    _description = "Prepare the Direct Debits of the Rent"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    rent_call_id = fields.Many2one(
        "housing.rent.call",
        required=True,
        domain="[('company_id', '=', company_id), ('state', '=', 'done')]",
        default=lambda self: self._default_rent_call(),
    )
    debit_days = fields.Char(
        compute="_compute_debit_days",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="Debit days to prepare, separated by commas (the company's debit days by default).",
    )
    generate_file = fields.Boolean(
        string="Generate the pain.008 Files",
        default=True,
        help="Confirm the orders and generate their SEPA file at once; otherwise they stay drafts to review.",
    )
    notice_count = fields.Integer(compute="_compute_preview", string="Notices to Debit")
    amount_total = fields.Monetary(compute="_compute_preview", string="Amount to Debit")
    currency_id = fields.Many2one(related="company_id.currency_id")

    @api.model
    def _default_rent_call(self):
        if self.env.context.get("active_model") == "housing.rent.call" and self.env.context.get("active_id"):
            return self.env["housing.rent.call"].browse(self.env.context["active_id"])
        return self.env["housing.rent.call"].search(
            [("company_id", "=", self.env.company.id), ("state", "=", "done")], order="period_start desc", limit=1
        )

    @api.depends("company_id")
    def _compute_debit_days(self):
        for wizard in self:
            wizard.debit_days = wizard.company_id.housing_debit_days

    def _days(self):
        self.ensure_one()
        allowed = self.company_id._housing_debit_day_list()
        try:
            days = sorted({int(part) for part in (self.debit_days or "").split(",") if part.strip()})
        except ValueError:
            days = []
        wrong = [day for day in days if day not in allowed]
        if not days or wrong:
            raise UserError(
                _(
                    "Choose debit days among the company's debit days (%(days)s), separated by commas.",
                    days=", ".join(str(day) for day in allowed),
                )
            )
        return days

    @api.depends("rent_call_id", "debit_days")
    def _compute_preview(self):
        Order = self.env["account.payment.order"]
        for wizard in self:
            wizard.notice_count, wizard.amount_total = 0, 0.0
            if not wizard.rent_call_id:
                continue
            try:
                days = wizard._days()
            except UserError:
                continue
            mandates = self.env["account.banking.mandate"].search(
                [
                    ("company_id", "=", wizard.company_id.id),
                    ("state", "=", "valid"),
                    ("housing_lease_id", "!=", False),
                    ("housing_debit_day", "in", days),
                ]
            )
            lines = Order._housing_get_notice_lines(wizard.company_id, wizard.rent_call_id.period_start, mandates)
            wizard.notice_count = len(lines)
            wizard.amount_total = sum(lines.mapped("amount_residual"))

    def action_prepare(self):
        self.ensure_one()
        orders = (
            self.env["account.payment.order"]
            .with_company(self.company_id)
            ._housing_prepare_debit_orders(self.company_id, self.rent_call_id.period_start, self._days())
        )
        if not orders:
            raise UserError(
                _("No rent notice of this call is to be debited: no tenant of these days has a valid mandate.")
            )
        if self.generate_file:
            orders._housing_confirm_and_generate()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_payment_order.account_payment_order_inbound_action"
        )
        action["domain"] = [("id", "in", orders.ids)]
        if len(orders) == 1:
            action.update({"res_id": orders.id, "view_mode": "form", "views": [(False, "form")]})
        return action
