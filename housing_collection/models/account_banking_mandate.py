from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class AccountBankingMandate(models.Model):
    """A SEPA mandate of a lease: the tenant authorises the landlord to debit the rent on the day they chose."""

    _inherit = "account.banking.mandate"

    housing_lease_id = fields.Many2one(
        "housing.lease",
        string="Lease",
        index="btree_not_null",
        check_company=True,
        tracking=True,
        help="Lease whose rent notices are debited with this mandate.",
    )
    housing_debit_day = fields.Integer(
        string="Debit Day",
        tracking=True,
        help="Day of the month chosen by the tenant for the direct debit of the rent (one of the company's debit "
        "days).",
    )

    @api.constrains("housing_lease_id", "housing_debit_day", "state", "partner_bank_id")
    def _check_housing_lease(self):
        for mandate in self.filtered("housing_lease_id"):
            lease = mandate.housing_lease_id.sudo()
            days = lease.company_id._housing_debit_day_list()
            if mandate.housing_debit_day not in days:
                raise ValidationError(
                    _(
                        "Mandate %(mandate)s: choose the debit day among the company's debit days (%(days)s).",
                        mandate=mandate.unique_mandate_reference,
                        days=", ".join(str(day) for day in days),
                    )
                )
            if mandate.partner_id and mandate.partner_id not in lease.tenant_ids:
                raise ValidationError(
                    _(
                        "Mandate %(mandate)s: the bank account belongs to %(owner)s, who is not a tenant of lease "
                        "%(lease)s.",
                        mandate=mandate.unique_mandate_reference,
                        owner=mandate.partner_id.name,
                        lease=lease.name,
                    )
                )
            if mandate.state == "valid":
                others = self.search_count(
                    [
                        ("housing_lease_id", "=", lease.id),
                        ("state", "=", "valid"),
                        ("id", "!=", mandate.id),
                    ]
                )
                if others:
                    raise ValidationError(
                        _(
                            "Lease %(lease)s already has a valid mandate: cancel it before validating another one.",
                            lease=lease.name,
                        )
                    )

    def write(self, vals):
        if "state" not in vals:
            return super().write(vals)
        was_valid = self.filtered(lambda mandate: mandate.state == "valid" and mandate.housing_lease_id)
        result = super().write(vals)
        if vals["state"] == "valid":
            self.filtered("housing_lease_id").housing_lease_id.sudo()._housing_on_mandate_valid()
        elif vals["state"] in ("cancel", "expired"):
            reason = self.env.context.get("housing_stop_reason") or (
                "tenant" if vals["state"] == "cancel" else "expired"
            )
            was_valid.housing_lease_id.sudo()._housing_on_mandate_stopped(reason)
        return result

    @api.model_create_multi
    def create(self, vals_list):
        mandates = super().create(vals_list)
        mandates.filtered(
            lambda mandate: mandate.state == "valid" and mandate.housing_lease_id
        ).housing_lease_id.sudo()._housing_on_mandate_valid()
        return mandates
