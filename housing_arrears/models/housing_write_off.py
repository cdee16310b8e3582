from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_amount

WRITE_OFF_REASONS = [
    ("certificate", "Certificate of irrecoverability from the commissaire de justice"),
    ("wiped_out", "Debt wiped out (over-indebtedness, personal recovery)"),
    ("death", "Death without estate"),
    ("limitation", "Time-barred claim"),
]


class HousingWriteOff(models.Model):
    """Admission en non-valeur: requested with a reason, approved by an arrears manager, booked as a loss that
    clears the tenant's receivable."""

    _name = "housing.write.off"
    _description = "Write-off Request"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    case_id = fields.Many2one(
        "housing.arrears.case", required=True, ondelete="restrict", index=True, check_company=True
    )
    lease_id = fields.Many2one(related="case_id.lease_id", store=True)
    partner_id = fields.Many2one(related="case_id.partner_id", store=True, string="Tenant")
    agency_id = fields.Many2one(related="case_id.agency_id", store=True, index=True)
    sector_id = fields.Many2one(related="case_id.sector_id", store=True)
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    reason = fields.Selection(WRITE_OFF_REASONS, required=True, tracking=True)
    amount = fields.Monetary(readonly=True, help="Debt written off, from the accounting at approval.")
    document = fields.Binary(string="Supporting Document", attachment=True)
    document_name = fields.Char()
    note = fields.Text()
    state = fields.Selection(
        [("requested", "Requested"), ("approved", "Approved"), ("refused", "Refused")],
        default="requested",
        required=True,
        tracking=True,
    )
    requested_by_id = fields.Many2one("res.users", default=lambda self: self.env.user, readonly=True)
    approved_by_id = fields.Many2one("res.users", readonly=True)
    approval_date = fields.Date(readonly=True)
    move_id = fields.Many2one("account.move", string="Loss Entry", readonly=True)

    @api.depends("case_id.name")
    def _compute_name(self):
        for write_off in self:
            write_off.name = _("Write-off %(case)s", case=write_off.case_id.name or "")

    @api.model_create_multi
    def create(self, vals_list):
        write_offs = super().create(vals_list)
        for write_off in write_offs:
            if write_off.case_id.is_closed:
                raise ValidationError(_("Case %(case)s is closed: nothing to write off.", case=write_off.case_id.name))
            if write_off.case_id.write_off_ids.filtered(
                lambda other, current=write_off: other != current and other.state == "requested"
            ):
                raise ValidationError(
                    _("A write-off of case %(case)s is already awaiting approval.", case=write_off.case_id.name)
                )
        return write_offs

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        if any(write_off.state != "requested" for write_off in self):
            raise UserError(_("A decided write-off cannot be deleted."))

    def _check_manager(self):
        if not self.env.user.has_group("housing_arrears.group_arrears_manager"):
            raise AccessError(_("Only an arrears manager approves or refuses a write-off."))

    def action_approve(self):
        self._check_manager()
        for write_off in self:
            if write_off.state != "requested":
                raise UserError(_("Only a requested write-off can be approved."))
            write_off._book_loss()
        return True

    def action_refuse(self):
        self._check_manager()
        if any(write_off.state != "requested" for write_off in self):
            raise UserError(_("Only a requested write-off can be refused."))
        self.write(
            {"state": "refused", "approved_by_id": self.env.user.id, "approval_date": fields.Date.context_today(self)}
        )
        return True

    def _book_loss(self):
        """One entry: loss account debit, tenant's receivable credit, reconciled with every open rent item."""
        self.ensure_one()
        company = self.company_id
        if not company.housing_write_off_account_id:
            raise UserError(_("Set the write-off loss account in the settings of %(company)s.", company=company.name))
        case = self.case_id
        Line = self.env["account.move.line"].sudo()
        open_lines = Line.search(case._get_receivable_domain(company) + [("housing_lease_id", "=", case.lease_id.id)])
        amount = company.currency_id.round(sum(open_lines.mapped("amount_residual")))
        if company.currency_id.compare_amounts(amount, 0) <= 0:
            raise UserError(_("Case %(case)s has no debt left in the accounting.", case=case.name))
        receivable = open_lines[:1].account_id
        today = fields.Date.context_today(self)
        label = _("Write-off of lease %(lease)s", lease=case.lease_id.name)
        move = (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    "move_type": "entry",
                    "journal_id": company._housing_rent_journal().id,
                    "date": today,
                    "ref": label,
                    "line_ids": [
                        Command.create(
                            {
                                "account_id": company.housing_write_off_account_id.id,
                                "partner_id": case.partner_id.id,
                                "name": label,
                                "debit": amount,
                            }
                        ),
                        Command.create(
                            {
                                "account_id": receivable.id,
                                "partner_id": case.partner_id.id,
                                "name": label,
                                "credit": amount,
                                "housing_lease_id": case.lease_id.id,
                            }
                        ),
                    ],
                }
            )
        )
        move.action_post()
        credit = move.line_ids.filtered(lambda line: line.account_id == receivable)
        (credit | open_lines).reconcile()
        self.write(
            {
                "state": "approved",
                "amount": amount,
                "move_id": move.id,
                "approved_by_id": self.env.user.id,
                "approval_date": today,
            }
        )
        stage = self.env["housing.arrears.stage"]._get_closing_stage("written_off")
        case.with_context(housing_closing=True).write(
            {"stage_id": stage.id, "debt_amount": 0.0, "settled_amicably": False}
        )
        case.message_post(
            body=_(
                "Write-off of %(amount)s approved by %(user)s: the case is closed.",
                amount=format_amount(self.env, amount, self.currency_id),
                user=self.env.user.name,
            )
        )
