from odoo import api, fields, models, tools
from odoo.tools import SQL


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
        help="Lease of the tenant's account this line belongs to; on a benefit payer's invoice, the lease the "
        "benefit line is for.",
    )
    housing_plan_line_id = fields.Many2one(
        "housing.repayment.plan.line",
        string="Plan Instalment",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )
    housing_instalment = fields.Boolean(
        string="Plan Instalment Line",
        readonly=True,
        help="Line of a rent notice (or of its credit note) that bills a repayment plan instalment: old debt moved "
        "onto the notice through the transit account.",
    )

    @api.depends("move_id.lease_id")
    def _compute_housing_lease_id(self):
        for line in self:
            if line.move_id.lease_id or not line.housing_lease_id:
                line.housing_lease_id = line.move_id.lease_id

    def _auto_init(self):
        res = super()._auto_init()
        # the ledger adds up the instalment lines of each notice: a small index on those lines only
        index = "account_move_line_housing_instalment_move_idx"
        if not tools.index_exists(self._cr, index):
            self._cr.execute(
                SQL(
                    "CREATE INDEX %s ON %s (move_id) WHERE housing_instalment",
                    SQL.identifier(index),
                    SQL.identifier(self._table),
                )
            )
        return res
