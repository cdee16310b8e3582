from odoo import fields, models


class HousingAgency(models.Model):
    _name = "housing.agency"
    _description = "Housing Agency"
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True)
    code = fields.Char()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Address",
        help="Address and phone number printed on the letters sent to tenants.",
    )
    manager_id = fields.Many2one("res.users", string="Agency Manager")
    sector_ids = fields.One2many("housing.sector", "agency_id", string="Sectors")
    user_ids = fields.Many2many(
        "res.users",
        "housing_agency_users_rel",
        "agency_id",
        "user_id",
        string="Staff",
        help="Users who see the arrears cases of this agency.",
    )
    unit_count = fields.Integer(compute="_compute_unit_count", string="Dwellings")

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "An agency with this code already exists."),
    ]

    def _compute_unit_count(self):
        counts = dict(self.env["housing.unit"]._read_group([("agency_id", "in", self.ids)], ["agency_id"], ["__count"]))
        for agency in self:
            agency.unit_count = counts.get(agency, 0)
