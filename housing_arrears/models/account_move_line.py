from odoo import api, fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    housing_lease_id = fields.Many2one(
        "housing.lease",
        string="Lease",
        compute="_compute_housing_lease_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        help="Lease of the rent invoice; on a benefit payer's invoice, the lease the benefit line is for.",
    )

    housing_plan_line_id = fields.Many2one(
        "housing.repayment.plan.line",
        string="Plan Instalment",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )

    @api.depends("move_id.lease_id")
    def _compute_housing_lease_id(self):
        for line in self:
            if line.move_id.lease_id or not line.housing_lease_id:
                line.housing_lease_id = line.move_id.lease_id
