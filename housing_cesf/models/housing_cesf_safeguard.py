from odoo import fields, models


class HousingCesfSafeguard(models.Model):
    """A safeguard the CESF may attach to a favourable opinion for the allocation commission."""

    _name = "housing.cesf.safeguard"
    _description = "Allocation Safeguard"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
