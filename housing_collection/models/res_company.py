from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # SEPA direct debit
    housing_debit_payment_mode_id = fields.Many2one(
        "account.payment.mode",
        string="Rent Direct Debit Mode",
        domain="[('payment_type', '=', 'inbound'), ('payment_method_id.code', '=', 'sepa_direct_debit'), "
        "('company_id', '=', id)]",
        help="SEPA direct debit payment mode of the monthly debit orders of the rent. Empty: one is created on the "
        "first bank journal when the first order is prepared.",
    )
    housing_debit_days = fields.Char(
        string="Debit Days",
        default="5,10,15",
        help="Days of the month a tenant may choose for the direct debit of the rent, separated by commas.",
    )
    housing_debit_prepare_days = fields.Integer(
        string="Prepare Debit Orders (days before)",
        default=5,
        help="The scheduled action prepares the debit order of each debit day this many days before it, with its "
        "pain.008 file, for the accountant to send to the bank.",
    )
    # rejected direct debits
    housing_returns_to_stop = fields.Integer(
        string="Returns in a Row Ending the Direct Debit",
        default=2,
        help="After this many rejected direct debits in a row, the mandate is ended and the officer is told.",
    )
    housing_return_fee_billed = fields.Boolean(
        string="Bill the Rejection Fee to the Tenant",
        help="Bill the bank's fee of a rejected direct debit to the tenant (check the lease and the law first).",
    )
    housing_return_fee_amount = fields.Monetary(
        string="Rejection Fee",
        currency_field="currency_id",
        help="Fee billed to the tenant for a rejected direct debit when the return file gives no bank charges.",
    )
    housing_return_template_id = fields.Many2one(
        "mail.template",
        string="Rejected Debit E-mail",
        domain="[('model', '=', 'housing.lease')]",
        help="E-mail sent to the tenant when a direct debit of the rent is rejected. Empty: the suite's template.",
    )

    @api.constrains("housing_debit_days", "housing_debit_prepare_days", "housing_returns_to_stop")
    def _check_housing_collection_settings(self):
        for company in self:
            company._housing_debit_day_list()
            if not 0 <= company.housing_debit_prepare_days <= 25:
                raise ValidationError(_("Debit orders are prepared between 0 and 25 days before the debit day."))
            if company.housing_returns_to_stop < 1:
                raise ValidationError(_("The number of returns in a row that end the direct debit is at least 1."))

    def _housing_debit_day_list(self):
        """The debit days of the setting, as sorted integers; a clear error when it is malformed."""
        self.ensure_one()
        try:
            days = sorted({int(part) for part in (self.housing_debit_days or "").split(",") if part.strip()})
        except ValueError:
            days = []
        if not days or any(not 1 <= day <= 28 for day in days):
            raise ValidationError(
                _(
                    "The debit days are days of the month between 1 and 28 separated by commas, e.g. 5,10,15 "
                    "(not %(value)s).",
                    value=self.housing_debit_days or "",
                )
            )
        return days

    def _housing_return_keywords(self):
        """Words of a bank label that announce a rejected direct debit (regular expression, capitals)."""
        return r"\b(REJET|REJETE|RETOUR|IMPAYE|RJCT|RTRN|REJ)\b"

    def _housing_return_template(self):
        self.ensure_one()
        return self.housing_return_template_id or self.env.ref(
            "housing_collection.mail_template_debit_rejected", raise_if_not_found=False
        )

    def _housing_debit_payment_mode(self):
        """The direct debit mode of the rent; created on the first bank journal the first time."""
        self.ensure_one()
        if self.housing_debit_payment_mode_id:
            return self.housing_debit_payment_mode_id
        method = self.env.ref("account_banking_sepa_direct_debit.sepa_direct_debit")
        journal = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", self.id), ("bank_account_id", "!=", False)], limit=1
        )
        if not journal:
            raise UserError(
                _(
                    "Set the bank account (IBAN) of the bank journal of %(company)s that collects the rent, then "
                    "prepare the direct debits again.",
                    company=self.name,
                )
            )
        journal._housing_ensure_direct_debit_method()
        mode = (
            self.env["account.payment.mode"]
            .sudo()
            .create(
                {
                    "name": _("Rent direct debit"),
                    "company_id": self.id,
                    "payment_method_id": method.id,
                    "bank_account_link": "fixed",
                    "fixed_journal_id": journal.id,
                    "default_date_prefered": "fixed",
                    "group_lines": True,
                }
            )
        )
        self.sudo().housing_debit_payment_mode_id = mode
        return mode
