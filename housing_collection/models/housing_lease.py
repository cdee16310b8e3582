from odoo import _, api, fields, models
from odoo.tools import format_date

DEBIT_STOP_REASONS = [
    ("tenant", "Mandate cancelled by the tenant"),
    ("returns", "Rejected debits in a row"),
    ("expired", "Mandate expired"),
]


class HousingLease(models.Model):
    _inherit = "housing.lease"

    housing_allocataire_number = fields.Char(
        string="Allocataire Number",
        index="btree_not_null",
        tracking=True,
        copy=False,
        help="Number of the household at the benefit payer (CAF or MSA): it identifies the lease in the payer's "
        "monthly statements.",
    )
    # SEPA direct debit
    housing_mandate_ids = fields.One2many("account.banking.mandate", "housing_lease_id", string="Mandates")
    housing_mandate_id = fields.Many2one(
        "account.banking.mandate",
        compute="_compute_housing_mandate",
        string="Direct Debit Mandate",
        help="The valid SEPA mandate the rent notices of the lease are debited with.",
    )
    housing_debit_day = fields.Integer(compute="_compute_housing_mandate", string="Debit Day")
    housing_direct_debit = fields.Boolean(
        compute="_compute_housing_direct_debit",
        store=True,
        string="Direct Debit",
        help="The rent is collected by SEPA direct debit (the lease has a valid mandate).",
    )
    housing_debit_stopped = fields.Boolean(
        string="Direct Debit Stopped",
        readonly=True,
        tracking=True,
        copy=False,
        help="The direct debit of the rent stopped: the tenant cancelled the mandate, it expired, or debits were "
        "rejected in a row. The tenant must pay another way until a new mandate is signed.",
    )
    housing_debit_stopped_date = fields.Date(string="Direct Debit Stopped On", readonly=True, copy=False)
    housing_debit_stop_reason = fields.Selection(
        DEBIT_STOP_REASONS, string="Why the Direct Debit Stopped", readonly=True, copy=False
    )
    # rejected direct debits
    housing_return_line_ids = fields.One2many(
        "payment.return.line",
        "housing_lease_id",
        string="Rejected Debits",
        readonly=True,
        groups="account.group_account_invoice",
    )
    housing_last_return_date = fields.Date(string="Last Rejected Debit", readonly=True, copy=False)
    housing_last_return_amount = fields.Monetary(string="Amount of the Last Rejected Debit", readonly=True, copy=False)
    housing_last_return_reason_id = fields.Many2one(
        "payment.return.reason", string="Reason of the Last Rejected Debit", readonly=True, copy=False
    )
    housing_last_return_fee = fields.Monetary(string="Rejection Fee Billed", readonly=True, copy=False)
    housing_return_pending = fields.Boolean(
        string="Rejected Debit to Follow Up",
        readonly=True,
        copy=False,
        help="A debit was rejected and the lease has no open arrears case yet: the nightly detection opens one "
        "whatever the usual threshold.",
    )

    @api.depends("housing_mandate_ids.state", "housing_mandate_ids.housing_debit_day")
    def _compute_housing_mandate(self):
        for lease in self:
            mandate = lease.housing_mandate_ids.filtered(lambda mandate: mandate.state == "valid")[:1]
            lease.housing_mandate_id = mandate
            lease.housing_debit_day = mandate.housing_debit_day

    @api.depends("housing_mandate_ids.state")
    def _compute_housing_direct_debit(self):
        for lease in self:
            lease.housing_direct_debit = any(mandate.state == "valid" for mandate in lease.housing_mandate_ids)

    # ------------------------------------------------------------------ mandates
    def action_housing_new_mandate(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("New direct debit mandate"),
            "res_model": "account.banking.mandate",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_housing_lease_id": self.id,
                "default_partner_id": self.partner_id.id,
                "default_company_id": self.company_id.id,
                "default_signature_date": fields.Date.context_today(self),
                "default_housing_debit_day": self.company_id._housing_debit_day_list()[0],
            },
        }

    def action_housing_view_mandates(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account_banking_mandate.mandate_action")
        action["domain"] = [("housing_lease_id", "=", self.id)]
        action["context"] = {
            "default_housing_lease_id": self.id,
            "default_partner_id": self.partner_id.id,
            "search_default_draft": 0,
        }
        return action

    def _housing_on_mandate_valid(self):
        self.filtered("housing_debit_stopped").write(
            {"housing_debit_stopped": False, "housing_debit_stopped_date": False, "housing_debit_stop_reason": False}
        )

    def _housing_on_mandate_stopped(self, reason):
        """The mandate of these leases stopped: flag them (unless another mandate is valid) and tell the officer."""
        leases = self.filtered(lambda lease: not lease.housing_mandate_id)
        if not leases:
            return
        today = fields.Date.context_today(self)
        leases.write(
            {"housing_debit_stopped": True, "housing_debit_stopped_date": today, "housing_debit_stop_reason": reason}
        )
        activity_type = self.env.ref("housing_collection.mail_activity_type_debit_stopped")
        label = dict(self._fields["housing_debit_stop_reason"]._description_selection(self.env))[reason]
        for lease in leases:
            lease.activity_schedule(
                activity_type_id=activity_type.id,
                summary=_("Direct debit stopped"),
                note=_(
                    "The direct debit of lease %(lease)s stopped on %(date)s (%(reason)s): the tenant %(tenant)s must "
                    "pay the rent another way, or sign a new mandate.",
                    lease=lease.name,
                    date=format_date(self.env, today),
                    reason=label,
                    tenant=lease.partner_id.name,
                ),
                user_id=lease._housing_officer().id,
            )

    def _housing_officer(self):
        """Who follows the tenant: the officer of the open case, else the sector's prevention officer."""
        self.ensure_one()
        return self.case_id.user_id or self.sector_id.prevention_user_id or self.env.user

    # ------------------------------------------------------------------ rejected debits
    def _housing_debit_payments(self):
        """The direct debits of the lease, most recent first."""
        self.ensure_one()
        return (
            self.env["account.payment"]
            .sudo()
            .search(
                [
                    ("payment_line_ids.move_line_id.housing_lease_id", "=", self.id),
                    ("payment_order_id.payment_type", "=", "inbound"),
                    ("payment_order_id.state", "=", "uploaded"),
                ],
                order="date desc, id desc",
            )
        )

    def _housing_consecutive_returns(self):
        """Number of the lease's last direct debits that were rejected, in a row."""
        self.ensure_one()
        count = 0
        for payment in self._housing_debit_payments():
            if not payment._housing_is_returned():
                break
            count += 1
        return count

    def _housing_check_consecutive_returns(self):
        """After the configured number of rejected debits in a row, the direct debit of the lease ends."""
        for lease in self.filtered("housing_mandate_id"):
            if lease._housing_consecutive_returns() >= lease.company_id.housing_returns_to_stop:
                mandate = lease.housing_mandate_id
                mandate.with_context(housing_stop_reason="returns").cancel()
                mandate.message_post(
                    body=_(
                        "Mandate ended after %(count)s rejected direct debits in a row.",
                        count=lease.company_id.housing_returns_to_stop,
                    )
                )
