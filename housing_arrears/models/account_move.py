from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    lease_id = fields.Many2one(
        "housing.lease",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        copy=False,
        help="Lease billed by this rent invoice.",
    )
    housing_rent_call_id = fields.Many2one(
        "housing.rent.call",
        string="Rent Call",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        copy=False,
    )
    housing_period = fields.Date(string="Billed Month", readonly=True, copy=False)
