from odoo import api, fields, models

AGE_BANDS = [
    ("under_14", "Under 14"),
    ("14_17", "14 to 17"),
    ("18_24", "18 to 24"),
    ("25_64", "25 to 64"),
    ("65_plus", "65 and over"),
]
RELATIONSHIPS = [
    ("holder", "Holder or applicant"),
    ("spouse", "Spouse or co-tenant"),
    ("child", "Child"),
    ("other", "Other person"),
]


class HousingCesfMember(models.Model):
    """A person living in the household followed by the CESF. Age bands rather than birth dates: the unit scales
    only need to know who is under 14 and who is under 18."""

    _name = "housing.cesf.member"
    _description = "Household Member"
    _order = "followup_id, sequence, id"
    # content of a social follow-up: for the CESF only (access rights), see tests/test_confidentiality.py
    _housing_confidential = True

    followup_id = fields.Many2one("housing.cesf.followup", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="followup_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    relationship = fields.Selection(RELATIONSHIPS, required=True, default="child")
    age_band = fields.Selection(AGE_BANDS, required=True, default="under_14")
    is_minor = fields.Boolean(compute="_compute_age_flags", store=True, string="Under 18")
    is_under_14 = fields.Boolean(compute="_compute_age_flags", store=True, string="Under 14")

    @api.depends("age_band")
    def _compute_age_flags(self):
        for member in self:
            member.is_under_14 = member.age_band == "under_14"
            member.is_minor = member.age_band in ("under_14", "14_17")
