from odoo import api, fields, models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    housing_lease_id = fields.Many2one(
        "housing.lease",
        string="Lease",
        compute="_compute_housing_lease_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        domain="[('company_id', '=', company_id), ('state', '!=', 'draft')]",
        help="Lease whose rent this payment pays: it lowers the tenant's debt at once, even before it is lettered "
        "with the rent notices. Proposed when the tenant has a single lease.",
    )

    @api.depends("partner_id", "partner_type")
    def _compute_housing_lease_id(self):
        customers = self.filtered(lambda pay: pay.partner_type == "customer" and pay.partner_id)
        single = self.env["housing.lease"]._get_single_leases(customers.partner_id)
        for payment in self:
            partner = payment.partner_id.commercial_partner_id
            if payment not in customers:
                payment.housing_lease_id = False
            elif (
                not payment.housing_lease_id or partner not in payment.housing_lease_id.tenant_ids.commercial_partner_id
            ):
                payment.housing_lease_id = single.get(partner, False)

    def _prepare_move_line_default_vals(self, write_off_line_vals=None, force_balance=None):
        vals_list = super()._prepare_move_line_default_vals(
            write_off_line_vals=write_off_line_vals, force_balance=force_balance
        )
        if self.housing_lease_id:
            for vals in vals_list:
                if vals.get("account_id") == self.destination_account_id.id:
                    vals["housing_lease_id"] = self.housing_lease_id.id
        return vals_list

    def write(self, vals):
        res = super().write(vals)
        if "housing_lease_id" in vals:
            for payment in self.filtered("move_id"):
                payment.move_id.line_ids.filtered(
                    lambda line, pay=payment: line.account_id == pay.destination_account_id
                ).write({"housing_lease_id": payment.housing_lease_id.id})
        return res


class AccountPaymentRegister(models.TransientModel):
    _inherit = "account.payment.register"

    def _housing_batch_lease(self, batch_result):
        leases = batch_result["lines"].housing_lease_id
        return leases.id if len(leases) == 1 else False

    def _create_payment_vals_from_wizard(self, batch_result):
        vals = super()._create_payment_vals_from_wizard(batch_result)
        lease = self._housing_batch_lease(batch_result)
        if lease:
            vals["housing_lease_id"] = lease
        return vals

    def _create_payment_vals_from_batch(self, batch_result):
        vals = super()._create_payment_vals_from_batch(batch_result)
        lease = self._housing_batch_lease(batch_result)
        if lease:
            vals["housing_lease_id"] = lease
        return vals
