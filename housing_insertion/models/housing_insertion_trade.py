from odoo import fields, models


class HousingInsertionTrade(models.Model):
    """A trade a candidate is looking for or trained in (painting, cleaning, green spaces...)."""

    _name = "housing.insertion.trade"
    _description = "Insertion Trade"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
