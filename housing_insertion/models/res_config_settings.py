from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    housing_insertion_threshold = fields.Monetary(related="company_id.housing_insertion_threshold", readonly=False)
    housing_insertion_max_monthly_hours = fields.Float(
        related="company_id.housing_insertion_max_monthly_hours", readonly=False
    )
    housing_insertion_alert_rate = fields.Float(related="company_id.housing_insertion_alert_rate", readonly=False)
