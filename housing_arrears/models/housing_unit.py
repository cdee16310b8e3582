from odoo import _, api, fields, models
from odoo.exceptions import UserError

TYPOLOGIES = [("T1", "T1"), ("T2", "T2"), ("T3", "T3"), ("T4", "T4"), ("T5", "T5"), ("T6", "T6")]


class HousingUnit(models.Model):
    _name = "housing.unit"
    _description = "Dwelling"
    _order = "name"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, index="trigram")
    active = fields.Boolean(default=True)
    residence_id = fields.Many2one("housing.residence", ondelete="restrict", index=True)
    street = fields.Char(compute="_compute_address", store=True, readonly=False)
    street2 = fields.Char(string="Floor, Door")
    zip = fields.Char(compute="_compute_address", store=True, readonly=False)
    city = fields.Char(compute="_compute_address", store=True, readonly=False)
    typology = fields.Selection(TYPOLOGIES, required=True, default="T3")
    surface = fields.Float(string="Living Area (m²)", digits=(8, 2))
    agency_id = fields.Many2one(
        "housing.agency",
        compute="_compute_agency_sector",
        store=True,
        readonly=False,
        required=True,
        ondelete="restrict",
        index=True,
        precompute=True,
        check_company=True,
    )
    sector_id = fields.Many2one(
        "housing.sector",
        compute="_compute_agency_sector",
        store=True,
        readonly=False,
        ondelete="restrict",
        index=True,
        precompute=True,
        domain="[('agency_id', '=', agency_id)]",
        check_company=True,
    )
    company_id = fields.Many2one(related="agency_id.company_id", store=True, index=True)
    lease_ids = fields.One2many("housing.lease", "unit_id", string="Leases")
    current_lease_id = fields.Many2one("housing.lease", compute="_compute_current_lease")

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A dwelling with this reference already exists.",
        ),
    ]

    @api.depends("residence_id")
    def _compute_address(self):
        for unit in self.filtered("residence_id"):
            unit.street = unit.residence_id.street
            unit.zip = unit.residence_id.zip
            unit.city = unit.residence_id.city

    @api.depends("residence_id")
    def _compute_agency_sector(self):
        for unit in self.filtered("residence_id"):
            unit.agency_id = unit.residence_id.agency_id
            unit.sector_id = unit.residence_id.sector_id

    @api.depends("lease_ids.state")
    def _compute_current_lease(self):
        for unit in self:
            unit.current_lease_id = unit.lease_ids.filtered(lambda lease: lease.state == "active")[:1]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_leased(self):
        if self.lease_ids:
            raise UserError(_("A dwelling that has had leases cannot be deleted: archive it instead."))

    def _display_address(self):
        """One line: reference, street, floor and door, zip and city."""
        self.ensure_one()
        return ", ".join(
            part for part in (self.street, self.street2, " ".join(filter(None, (self.zip, self.city)))) if part
        )
