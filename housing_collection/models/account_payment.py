from odoo import models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    def _housing_receivable_lines(self):
        return self.move_id.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable" and line.partner_id == line.move_id.partner_id
        )

    def _housing_is_returned(self):
        """The direct debit was rejected: its receivable line is in a confirmed payment return."""
        self.ensure_one()
        return bool(
            self.env["payment.return.line"].search_count(
                [("move_line_ids", "in", self._housing_receivable_lines().ids), ("return_id.state", "=", "done")],
                limit=1,
            )
        )
