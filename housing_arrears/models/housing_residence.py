from odoo import fields, models


class HousingResidence(models.Model):
    _name = "housing.residence"
    _description = "Residence"
    _order = "name"
    _check_company_auto = True
    _rec_names_search = ["name", "code"]

    name = fields.Char(required=True)
    code = fields.Char(
        index=True,
        copy=False,
        help="Code of the residence (programme number): the dwellings quote it in the portfolio import.",
    )
    active = fields.Boolean(default=True)
    agency_id = fields.Many2one("housing.agency", required=True, ondelete="restrict", index=True, check_company=True)
    sector_id = fields.Many2one(
        "housing.sector",
        ondelete="restrict",
        domain="[('agency_id', '=', agency_id)]",
        check_company=True,
    )
    company_id = fields.Many2one(related="agency_id.company_id", store=True, index=True)
    street = fields.Char()
    zip = fields.Char()
    city = fields.Char()
    unit_ids = fields.One2many("housing.unit", "residence_id", string="Dwellings")
    unit_count = fields.Integer(compute="_compute_unit_count", string="Dwellings Count")

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "A residence with this code already exists."),
    ]

    def _compute_unit_count(self):
        counts = dict(
            self.env["housing.unit"]._read_group([("residence_id", "in", self.ids)], ["residence_id"], ["__count"])
        )
        for residence in self:
            residence.unit_count = counts.get(residence, 0)
