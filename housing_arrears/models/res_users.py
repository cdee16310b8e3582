from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    housing_agency_ids = fields.Many2many(
        "housing.agency",
        "housing_agency_users_rel",
        "user_id",
        "agency_id",
        string="Housing Agencies",
        help="Agencies whose arrears cases this user may see (managers see all of them).",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["housing_agency_ids"]
