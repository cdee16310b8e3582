from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    housing_insertion_threshold = fields.Monetary(
        string="Insertion Clause Threshold",
        currency_field="currency_id",
        default=221000.0,
        help="Untaxed amount from which a purchase order must carry an insertion clause; confirming such an order "
        "without a clause asks for the reason. Public buyers must include a social clause in contracts above the "
        "EU thresholds from August 2026 (221,000 € for supplies and services, 5,538,000 € for works in "
        "2024-2025, revised every two years). Zero: no check.",
    )
    housing_insertion_max_monthly_hours = fields.Float(
        string="Plausible Monthly Maximum (hours)",
        default=151.67,
        digits=(6, 2),
        help="Most hours one person can be declared for in one month on a hire (151.67 h = full time).",
    )
    housing_insertion_alert_rate = fields.Float(
        string="Behind-Schedule Threshold (%)",
        default=80.0,
        digits=(5, 1),
        help="A clause is behind schedule when its hours done are below this share of the hours expected to date "
        "(the target prorated over the elapsed part of the clause period); the procurement officer then gets an "
        "activity.",
    )

    @api.constrains(
        "housing_insertion_threshold", "housing_insertion_max_monthly_hours", "housing_insertion_alert_rate"
    )
    def _check_housing_insertion_settings(self):
        for company in self:
            if company.housing_insertion_threshold < 0:
                raise ValidationError(_("The insertion clause threshold cannot be negative."))
            if not 0 < company.housing_insertion_max_monthly_hours <= 744:
                raise ValidationError(
                    _("The plausible monthly maximum of insertion hours must be between 0 and 744 hours.")
                )
            if not 0 < company.housing_insertion_alert_rate <= 100:
                raise ValidationError(_("The behind-schedule threshold must be between 0 and 100 %."))
