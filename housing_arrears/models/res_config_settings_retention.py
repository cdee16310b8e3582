from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    housing_retention_amicable_days = fields.Integer(
        related="company_id.housing_retention_amicable_days", readonly=False
    )
    housing_retention_limitation_years = fields.Integer(
        related="company_id.housing_retention_limitation_years", readonly=False
    )
    housing_retention_judgment_years = fields.Integer(
        related="company_id.housing_retention_judgment_years", readonly=False
    )
