from odoo import api, models
from odoo.tools import SQL


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    def _housing_next_batch(self, count):
        """`count` numbers of this sequence in one query (a standard sequence without date ranges; one number at a
        time otherwise), for the records the suite creates by the hundred."""
        self.ensure_one()
        if count <= 0:
            return []
        if self.implementation != "standard" or self.use_date_range:
            return [self._next() for _index in range(count)]
        self.env.cr.execute(SQL("SELECT nextval(%s) FROM generate_series(1, %s)", f"ir_sequence_{self.id:03d}", count))
        return [self.get_next_char(number) for (number,) in self.env.cr.fetchall()]

    @api.model
    def _housing_next_by_code_batch(self, code, count):
        """`count` numbers of the sequence of `code` in the current company, like `next_by_code` each."""
        sequence = self.sudo().search(
            [("code", "=", code), ("company_id", "in", [self.env.company.id, False])], order="company_id", limit=1
        )
        return sequence._housing_next_batch(count) if sequence else [False] * count
