from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    housing_rent_journal_id = fields.Many2one(
        related="company_id.housing_rent_journal_id", readonly=False
    )
    housing_due_day = fields.Integer(related="company_id.housing_due_day", readonly=False)
    housing_rent_call_day = fields.Integer(related="company_id.housing_rent_call_day", readonly=False)
    housing_case_threshold = fields.Float(related="company_id.housing_case_threshold", readonly=False)
    housing_case_grace_days = fields.Integer(related="company_id.housing_case_grace_days", readonly=False)
    housing_unreachable_attempts = fields.Integer(
        related="company_id.housing_unreachable_attempts", readonly=False
    )
    housing_unreachable_days = fields.Integer(
        related="company_id.housing_unreachable_days", readonly=False
    )
    housing_fsl_ceiling = fields.Monetary(related="company_id.housing_fsl_ceiling", readonly=False)
