from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def _prepare_payment_line_vals(self, payment_order):
        """A rent notice is debited with the mandate of its lease (a tenant may hold several leases)."""
        vals = super()._prepare_payment_line_vals(payment_order)
        if payment_order.payment_type == "inbound" and self.housing_lease_id:
            mandate = self.housing_lease_id.sudo().housing_mandate_id
            if mandate:
                vals.update({"mandate_id": mandate.id, "partner_bank_id": mandate.partner_bank_id.id})
        return vals
