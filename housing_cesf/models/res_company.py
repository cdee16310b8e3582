from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

UNIT_SCALES = [
    ("oecd", "Consumption units (OECD)"),
    ("parts", "Parts"),
    ("persons", "Persons"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    housing_cesf_unit_scale = fields.Selection(
        UNIT_SCALES,
        string="Default Unit Scale",
        default="oecd",
        required=True,
        help="Scale that turns the household's composition into the divisor of the reste à vivre. "
        "OECD: 1 for the first adult, 0.5 per other person aged 14 or more, 0.3 per child under 14. "
        "Parts: 1 per person, plus 0.5 for a single parent. Persons: 1 per person.",
    )
    housing_cesf_rav_threshold = fields.Monetary(
        string="Reste à Vivre Threshold",
        currency_field="currency_id",
        default=12.0,
        help="Least reste à vivre per unit and per day below which the budget is flagged.",
    )
    housing_cesf_effort_threshold = fields.Float(
        string="Taux d'Effort Ceiling (%)",
        default=30.0,
        digits=(5, 2),
        help="Taux d'effort (arrêté of 10 March 2011) above which the budget is flagged.",
    )
    housing_cesf_retention_days = fields.Integer(
        string="Retention After Closing (days)",
        default=0,
        help="Days after the closing of a follow-up before its content is anonymised by the scheduled action, "
        "unless the household agreed to keep it. 0: at closing.",
    )

    housing_cesf_access_log_days = fields.Integer(
        string="Access Log Kept (days)",
        default=365,
        help="Days the access log of the follow-ups (who opened which one, when) is kept.",
    )
    housing_cesf_accountant_all_agencies = fields.Boolean(
        string="Accountants See the Follow-ups of Every Agency",
        help="Off: an accountant sees the follow-ups (household, type, stage) of the agencies set on his user only, "
        "as the arrears officers do. On: of every agency of the company.",
    )

    @api.constrains(
        "housing_cesf_rav_threshold",
        "housing_cesf_effort_threshold",
        "housing_cesf_retention_days",
        "housing_cesf_access_log_days",
    )
    def _check_housing_cesf_settings(self):
        for company in self:
            if company.housing_cesf_rav_threshold < 0:
                raise ValidationError(_("The reste à vivre threshold cannot be negative."))
            if not 0 < company.housing_cesf_effort_threshold <= 100:
                raise ValidationError(_("The taux d'effort ceiling must be a percentage between 0 and 100."))
            if company.housing_cesf_retention_days < 0:
                raise ValidationError(_("The retention delay cannot be negative."))
            if company.housing_cesf_access_log_days < 1:
                raise ValidationError(_("The access log is kept at least one day."))
