from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount


class HousingAccountStatement(models.TransientModel):
    """The tenant's statement of account (relevé de compte) of a lease over a period: every notice with its detail
    (rent, charges, SLS, RLS, housing benefit, plan instalment), every payment and entry, and the running balance,
    from the tenant's account (`housing.ledger`)."""

    _name = "housing.account.statement"
    _description = "Tenant's Statement of Account"

    lease_id = fields.Many2one("housing.lease", required=True)
    company_id = fields.Many2one(related="lease_id.company_id")
    currency_id = fields.Many2one(related="lease_id.currency_id")
    date_from = fields.Date(
        string="From", required=True, default=lambda self: fields.Date.context_today(self) - relativedelta(months=12)
    )
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for statement in self:
            if statement.date_from > statement.date_to:
                raise UserError(_("The statement period starts before it ends: check the two dates."))

    def action_print(self):
        self.ensure_one()
        return self.env.ref("housing_arrears.action_report_account_statement").report_action(self)

    def _get_statement(self):
        """The figures of the statement: opening balance, rows (date, label, detail, debit, credit, balance),
        closing balance and the debt due at the end of the period."""
        self.ensure_one()
        lease = self.lease_id
        Ledger = self.env["housing.ledger"]
        opening, movements = Ledger._get_movements(lease, self.date_from, self.date_to)
        moves = self.env["account.move"].sudo().browse({item.move_id for item in movements})
        details = self._get_details(moves)
        labels = {move.id: move.ref or move.name for move in moves}
        origins = self._origin_labels()
        rows, balance = [], opening
        for item in movements:
            balance += item.amount
            rows.append(
                {
                    "date": item.date,
                    "maturity": item.maturity,
                    "origin": origins.get(item.origin, origins["other"]),
                    "label": labels.get(item.move_id, ""),
                    "detail": details.get(item.move_id, ""),
                    "debit": item.amount if item.amount > 0 else 0.0,
                    "credit": -item.amount if item.amount < 0 else 0.0,
                    "balance": self.currency_id.round(balance),
                }
            )
        position = Ledger._get_positions(lease, self.date_to)[lease]
        return {
            "opening": self.currency_id.round(opening),
            "rows": rows,
            "closing": self.currency_id.round(balance),
            "due": self.currency_id.round(position.due),
            "debit": sum(row["debit"] for row in rows),
            "credit": sum(row["credit"] for row in rows),
        }

    def _origin_labels(self):
        """What each origin of the tenant's account reads as on the statement."""
        return {
            "rent": _("Rent notice"),
            "invoice": _("Invoice"),
            "refund": _("Credit note"),
            "payment": _("Payment"),
            "deposit": _("Security deposit"),
            "write_off": _("Write-off"),
            "departure": _("Departure credit"),
            "opening": _("Opening balance"),
            "plan": _("Repayment plan instalments"),
            "other": _("Other entry"),
        }

    def _get_details(self, moves):
        """{move id: "Rent 450.00 €, Charges 50.00 €, ..."} for the notices and credit notes: what they bill."""
        details = {}
        for move in moves.filtered(lambda move: move.is_invoice(include_receipts=True)):
            sign = 1 if move.move_type == "out_invoice" else -1
            parts = [
                f"{line.name} {format_amount(self.env, sign * line.price_subtotal, move.currency_id)}"
                for line in move.invoice_line_ids
                if line.display_type == "product"
            ]
            details[move.id] = " · ".join(parts)
        return details
