from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    housing_use_job_queue = fields.Boolean(related="company_id.housing_use_job_queue", readonly=False)
