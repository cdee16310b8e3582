from odoo import fields, models


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    insertion_clause_work = fields.Boolean(
        string="Clause Works",
        help="Maintenance works the insertion clause applies to: their amount is the basis of the clause hours.",
    )
