from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    housing_rent_journal_id = fields.Many2one(
        "account.journal",
        string="Rent Journal",
        domain="[('type', '=', 'sale'), ('company_id', '=', id)]",
        help="Sales journal of the rent invoices. Empty: the first sales journal of the company.",
    )
    housing_due_day = fields.Integer(
        string="Rent Due Day",
        default=5,
        help="Day of the month on which rent is due; rent invoices are dated on that day.",
    )
    housing_rent_call_day = fields.Integer(
        string="Rent Call Day",
        default=25,
        help="From this day of the month, the scheduled action runs the rent call of the coming month.",
    )
    housing_case_threshold = fields.Float(
        string="Arrears Threshold (months)",
        default=1.0,
        help="An arrears case opens when the overdue tenant share reaches this number of monthly tenant shares.",
    )
    housing_case_grace_days = fields.Integer(
        string="Grace Days",
        default=10,
        help="Days after the due date before an unpaid rent counts as overdue for opening a case.",
    )
    housing_unreachable_attempts = fields.Integer(
        string="Failed Attempts Before Unreachable",
        default=3,
        help="Consecutive failed contact attempts after which the tenant is flagged unreachable.",
    )
    housing_unreachable_days = fields.Integer(
        string="Days Without Contact Before Unreachable",
        default=60,
        help="Days without a successful contact after which the tenant is flagged unreachable.",
    )

    housing_fsl_ceiling = fields.Monetary(
        string="FSL Ceiling",
        currency_field="currency_id",
        default=4000.0,
        help="Largest amount the département's housing solidarity fund (FSL) grants per application.",
    )

    @api.constrains(
        "housing_due_day",
        "housing_rent_call_day",
        "housing_case_threshold",
        "housing_case_grace_days",
        "housing_unreachable_attempts",
        "housing_unreachable_days",
    )
    def _check_housing_settings(self):
        for company in self:
            if not 1 <= company.housing_due_day <= 28:
                raise ValidationError(_("The rent due day must be between 1 and 28."))
            if not 1 <= company.housing_rent_call_day <= 28:
                raise ValidationError(_("The rent call day must be between 1 and 28."))
            if company.housing_case_threshold <= 0:
                raise ValidationError(
                    _("The arrears threshold must be greater than zero (in months of tenant share).")
                )
            if company.housing_case_grace_days < 0:
                raise ValidationError(_("The grace days cannot be negative."))
            if company.housing_unreachable_attempts < 1:
                raise ValidationError(_("The number of failed attempts must be at least 1."))
            if company.housing_unreachable_days < 1:
                raise ValidationError(_("The number of days without contact must be at least 1."))

    def _housing_rent_journal(self):
        self.ensure_one()
        return self.housing_rent_journal_id or self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", self.id)], limit=1
        )
