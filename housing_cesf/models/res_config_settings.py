from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    housing_cesf_unit_scale = fields.Selection(related="company_id.housing_cesf_unit_scale", readonly=False)
    housing_cesf_rav_threshold = fields.Monetary(related="company_id.housing_cesf_rav_threshold", readonly=False)
    housing_cesf_effort_threshold = fields.Float(related="company_id.housing_cesf_effort_threshold", readonly=False)
    housing_cesf_retention_days = fields.Integer(related="company_id.housing_cesf_retention_days", readonly=False)
    housing_cesf_access_log_days = fields.Integer(related="company_id.housing_cesf_access_log_days", readonly=False)
    housing_cesf_accountant_all_agencies = fields.Boolean(
        related="company_id.housing_cesf_accountant_all_agencies", readonly=False
    )
