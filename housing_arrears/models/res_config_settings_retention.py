# pylint: disable=consider-merging-classes-inherited
# (a file of its own, so that the lead's and the other helpers' edits of the first file merge cleanly)
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
