from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    housing_benefit_statement_id = fields.Many2one(
        "housing.benefit.statement",
        string="Benefit Statement",
        readonly=True,
        index="btree_not_null",
        copy=False,
        help="Statement of the benefit payer this regularisation comes from.",
    )
