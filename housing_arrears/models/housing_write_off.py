from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_amount, format_date

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
    amount = fields.Monetary(
        string="Amount Written Off",
        help="Debt to write off: the debt due when requested, or the amount of the decision (a debt wiped out by the "
        "over-indebtedness commission or the judge). At approval, it cannot exceed the debt due on that day.",
    )
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
        for write_off in write_offs.filtered(lambda write_off: not write_off.amount):
            write_off.amount = write_off.case_id._get_position().due
        for write_off in write_offs:
            if write_off.case_id.is_closed:
                raise ValidationError(_("Case %(case)s is closed: nothing to write off.", case=write_off.case_id.name))
            if write_off.case_id.write_off_ids.filtered(
                lambda other, current=write_off: other != current and other.state == "requested"
            ):
                raise ValidationError(
                    _("A write-off of case %(case)s is already awaiting approval.", case=write_off.case_id.name)
                )
            if write_off.currency_id.compare_amounts(write_off.amount, 0) <= 0:
                raise ValidationError(
                    _("Case %(case)s: the amount to write off must be greater than zero.", case=write_off.case_id.name)
                )
        return write_offs

    def write(self, vals):
        if "amount" in vals and any(write_off.state != "requested" for write_off in self):
            raise UserError(_("The amount of a decided write-off cannot be changed."))
        return super().write(vals)

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
        """One entry: loss account debit, tenant's receivable credit of the amount written off, which can only be
        debt already due at the approval date; lettered with the oldest items due."""
        self.ensure_one()
        company = self.company_id
        if not company.housing_write_off_account_id:
            raise UserError(_("Set the write-off loss account in the settings of %(company)s.", company=company.name))
        case = self.case_id
        today = fields.Date.context_today(self)
        due = case._get_position(today).due
        currency = company.currency_id
        if currency.compare_amounts(due, 0) <= 0:
            raise UserError(_("Case %(case)s has no debt due left in the accounting.", case=case.name))
        amount = currency.round(self.amount)
        if currency.compare_amounts(amount, due) > 0:
            raise UserError(
                _(
                    "The write-off of %(amount)s exceeds the debt due on %(date)s (%(due)s): only debt already due "
                    "can be written off. Lower the amount.",
                    amount=format_amount(self.env, amount, currency),
                    date=format_date(self.env, today),
                    due=format_amount(self.env, due, currency),
                )
            )
        Ledger = self.env["housing.ledger"]
        label = _("Write-off of lease %(lease)s", lease=case.lease_id.name)
        move = Ledger._post_entry(
            company,
            "write_off",
            today,
            label,
            [
                {
                    "lease": case.lease_id,
                    "amount": amount,
                    "account": company.housing_write_off_account_id,
                    "label": label,
                }
            ],
        )
        Ledger._letter_with_oldest(move, max_maturity=today)
        self.write(
            {
                "state": "approved",
                "move_id": move.id,
                "approved_by_id": self.env.user.id,
                "approval_date": today,
            }
        )
        left = currency.round(due - amount)
        if currency.is_zero(left):
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
        else:
            case._refresh_from_accounting(today)
            case.message_post(
                body=_(
                    "Write-off of %(amount)s approved by %(user)s; %(left)s remain due on the case.",
                    amount=format_amount(self.env, amount, self.currency_id),
                    user=self.env.user.name,
                    left=format_amount(self.env, left, self.currency_id),
                )
            )
