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
        if self.use_date_range:
            return [self._next() for _index in range(count)]
        if self.implementation == "no_gap":
            # the numbers are taken in the transaction: a creation refused or rolled back gives them back
            self.env.cr.execute(SQL("SELECT number_next FROM ir_sequence WHERE id = %s FOR UPDATE NOWAIT", self.id))
            first = self.env.cr.fetchone()[0]
            step = self.number_increment
            self.env.cr.execute(
                SQL("UPDATE ir_sequence SET number_next = number_next + %s WHERE id = %s", step * count, self.id)
            )
            self.invalidate_recordset(["number_next"])
            return [self.get_next_char(first + step * index) for index in range(count)]
        self.env.cr.execute(SQL("SELECT nextval(%s) FROM generate_series(1, %s)", f"ir_sequence_{self.id:03d}", count))
        return [self.get_next_char(number) for (number,) in self.env.cr.fetchall()]

    @api.model
    def _housing_next_by_code_batch(self, code, count):
        """`count` numbers of the sequence of `code` in the current company, like `next_by_code` each."""
        sequence = self.sudo().search(
            [("code", "=", code), ("company_id", "in", [self.env.company.id, False])], order="company_id", limit=1
        )
        return sequence._housing_next_batch(count) if sequence else [False] * count
