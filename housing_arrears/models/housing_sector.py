from odoo import fields, models

POLES = [
    ("prevention", "Prevention (amicable)"),
    ("prelitigation", "Pre-litigation"),
    ("litigation", "Litigation"),
]


class HousingSector(models.Model):
    _name = "housing.sector"
    _description = "Housing Sector"
    _order = "agency_id, name"
    _check_company_auto = True

    name = fields.Char(required=True)
    code = fields.Char()
    active = fields.Boolean(default=True)
    agency_id = fields.Many2one("housing.agency", required=True, ondelete="restrict", index=True, check_company=True)
    company_id = fields.Many2one(related="agency_id.company_id", store=True, index=True)
    prevention_user_id = fields.Many2one(
        "res.users",
        string="Prevention Officer",
        help="Social and family economy counsellor (CESF) of the sector: amicable pole.",
    )
    prelitigation_user_id = fields.Many2one("res.users", string="Pre-litigation Officer")
    litigation_user_id = fields.Many2one("res.users", string="Litigation Officer")

    def _get_pole_user(self, pole):
        """The officer of the sector for a pole (prevention, prelitigation, litigation)."""
        self.ensure_one()
        return self[f"{pole}_user_id"] if pole else self.env["res.users"]
