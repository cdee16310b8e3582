from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    housing_reminder_threshold = fields.Monetary(related="company_id.housing_reminder_threshold", readonly=False)
    housing_offer_months = fields.Integer(related="company_id.housing_offer_months", readonly=False)
    housing_meeting_days = fields.Integer(related="company_id.housing_meeting_days", readonly=False)
    housing_notice_days = fields.Integer(related="company_id.housing_notice_days", readonly=False)
    housing_fsl_address = fields.Text(related="company_id.housing_fsl_address", readonly=False)
