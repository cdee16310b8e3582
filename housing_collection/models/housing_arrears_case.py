from datetime import date

from odoo import _, api, fields, models
from odoo.tools import format_amount, format_date


class HousingArrearsCase(models.Model):
    _inherit = "housing.arrears.case"

    housing_return_reason_id = fields.Many2one(
        "payment.return.reason",
        string="Reason of the Rejected Debit",
        readonly=True,
        tracking=True,
        help="Reason the bank gave for the last rejected direct debit of the rent.",
    )
    housing_return_date = fields.Date(string="Rejected Debit On", readonly=True)
    housing_opened_on_return = fields.Boolean(
        string="Opened on a Rejected Debit",
        readonly=True,
        help="The case was opened the night of a rejected direct debit, whatever the usual threshold.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        cases = super().create(vals_list)
        on_return = cases.filtered("housing_opened_on_return")
        if on_return:
            on_return._message_log_batch(bodies={case.id: case._housing_return_message() for case in on_return})
        pending = cases.lease_id.filtered("housing_return_pending")
        if pending:
            pending.sudo().housing_return_pending = False
        return cases

    # ------------------------------------------------------------------ nightly detection hooks
    def _get_leases_to_open(self, company, open_cases, today, positions=None):
        """Also the leases whose direct debit was rejected, whatever the threshold, the night their notice is due,
        as long as the tenant's account still owes something."""
        leases = super()._get_leases_to_open(company, open_cases, today, positions=positions)
        pending = (
            self.env["housing.lease"]
            .sudo()
            .search([("company_id", "=", company.id), ("housing_return_pending", "=", True)])
        )
        pending -= open_cases.lease_id | leases
        if not pending:
            return leases
        Ledger = self.env["housing.ledger"]
        currency = company.currency_id
        # the whole account, notices dated later included: paid again since the rejection, nothing to follow up
        whole = Ledger._get_positions(pending, date.max)
        owing = pending.filtered(lambda lease: currency.compare_amounts(whole[lease].balance, 0.0) > 0)
        (pending - owing).write({"housing_return_pending": False})
        # not due yet: the case opens the night it is
        accounts = Ledger._get_positions(owing, today)
        due = owing.filtered(lambda lease: currency.compare_amounts(accounts[lease].due, 0.0) > 0)
        return leases | due

    def _prepare_case_vals(self, lease, today):
        vals = super()._prepare_case_vals(lease, today)
        if lease.housing_return_pending:
            vals.update(
                {
                    "housing_return_reason_id": lease.housing_last_return_reason_id.id,
                    "housing_return_date": lease.housing_last_return_date,
                    "housing_opened_on_return": True,
                }
            )
        return vals

    # ------------------------------------------------------------------ rejected debits
    def _housing_return_message(self):
        self.ensure_one()
        lease = self.lease_id
        reason = lease.housing_last_return_reason_id
        label = f"{reason.code} - {reason.name}" if reason else _("no reason given")
        return _(
            "Direct debit of %(amount)s rejected on %(date)s: %(reason)s.",
            amount=format_amount(self.env, lease.housing_last_return_amount, self.currency_id),
            date=format_date(self.env, lease.housing_last_return_date),
            reason=label,
        )

    def _housing_record_return(self, return_line):
        """A debit of the lease of this open case was rejected: the case shows the reason at once."""
        self.ensure_one()
        case = self.sudo()
        case.write(
            {
                "housing_return_reason_id": return_line.reason_id.id,
                "housing_return_date": return_line.date or return_line.return_id.date,
            }
        )
        case.message_post(body=case._housing_return_message())
