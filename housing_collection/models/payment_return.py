from odoo import Command, _, fields, models
from odoo.tools import format_date


class PaymentReturn(models.Model):
    _inherit = "payment.return"

    def action_confirm(self):
        """A rejected direct debit reopens the notice (OCA), then: the reason on the lease and on its case (opened
        the same night), the bank fee billed when the settings say so, the tenant told, and the direct debit
        ended after the configured number of returns in a row."""
        # the lease is read from the debit's reconciliation with the notices, which the confirmation undoes
        leases = {line.id: line._housing_get_lease() for line in self.line_ids}
        result = super().action_confirm()
        for line in self.line_ids:
            if leases.get(line.id):
                line.housing_lease_id = leases[line.id]
        self.line_ids.filtered("housing_lease_id")._housing_on_debit_returned()
        return result


class PaymentReturnLine(models.Model):
    _inherit = "payment.return.line"

    housing_lease_id = fields.Many2one(
        "housing.lease", string="Lease", readonly=True, index="btree_not_null", help="Lease of the rejected debit."
    )
    housing_fee_invoice_id = fields.Many2one(
        "account.move", string="Fee Invoice", readonly=True, help="Rejection fee billed to the tenant."
    )

    def _prepare_return_move_line_vals(self, move):
        """The debit of the return carries the lease, as the notice it opens again."""
        vals = super()._prepare_return_move_line_vals(move)
        lease = self._housing_get_lease()
        if lease:
            vals["housing_lease_id"] = lease.id
        return vals

    def _housing_get_lease(self):
        """The lease of the notices a returned debit paid."""
        self.ensure_one()
        move_lines = self.move_line_ids
        leases = move_lines.housing_lease_id
        leases |= move_lines.move_id.origin_payment_id.payment_line_ids.move_line_id.housing_lease_id
        leases |= move_lines.matched_debit_ids.debit_move_id.housing_lease_id
        return leases if len(leases) == 1 else self.env["housing.lease"]

    def _housing_fee_amount(self):
        self.ensure_one()
        company = self.return_id.company_id
        if not company.housing_return_fee_billed:
            return 0.0
        return self.expense_amount or company.housing_return_fee_amount

    def _housing_on_debit_returned(self):
        if not self:
            return
        today = fields.Date.context_today(self)
        fee_vals = []
        fee_lines = self.browse()
        for line in self:
            lease = line.housing_lease_id.sudo()
            lease.write(
                {
                    "housing_last_return_date": line.date or line.return_id.date or today,
                    "housing_last_return_amount": line.amount,
                    "housing_last_return_reason_id": line.reason_id.id,
                    "housing_last_return_fee": 0.0,
                    "housing_return_pending": not lease.case_id,
                }
            )
            if lease.case_id:
                lease.case_id._housing_record_return(line)
            fee = line._housing_fee_amount()
            if fee > 0:
                fee_vals.append(line._housing_prepare_fee_invoice_vals(fee))
                fee_lines |= line
        if fee_vals:
            invoices = self.env["account.move"].create(fee_vals)
            invoices.action_post()
            for line, invoice in zip(fee_lines, invoices):
                line.housing_fee_invoice_id = invoice
                line.housing_lease_id.sudo().housing_last_return_fee = invoice.amount_total
        for line in self:
            line._housing_notify_tenant()
        self.housing_lease_id.sudo()._housing_check_consecutive_returns()

    def _housing_prepare_fee_invoice_vals(self, amount):
        lease = self.housing_lease_id
        company = self.return_id.company_id
        product = self.env.ref("housing_collection.product_debit_rejection_fee")
        date = self.return_id.date or fields.Date.context_today(self)
        return {
            "move_type": "out_invoice",
            "partner_id": lease.partner_id.id,
            "journal_id": company._housing_rent_journal().id,
            "invoice_date": date,
            "invoice_date_due": date,
            "invoice_payment_term_id": False,
            "payment_reference": lease.name,
            "ref": _("Rejected direct debit of %(date)s", date=format_date(self.env, date)),
            "lease_id": lease.id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "name": _(
                            "Fee of the rejected direct debit of %(date)s (%(reason)s)",
                            date=format_date(self.env, date),
                            reason=self.reason_id.name or _("no reason given"),
                        ),
                        "quantity": 1.0,
                        "price_unit": amount,
                        "tax_ids": [],
                    }
                )
            ],
        }

    def _housing_notify_tenant(self):
        """E-mail the tenant with the company's template of a rejected debit, kept in the lease's chatter."""
        self.ensure_one()
        lease = self.housing_lease_id.sudo()
        template = lease.company_id._housing_return_template()
        if template:
            lease.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
