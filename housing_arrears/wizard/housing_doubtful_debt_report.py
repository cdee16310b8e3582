from odoo import api, fields, models


class HousingDoubtfulDebtReport(models.TransientModel):
    """Doubtful debts at a date (CCH R.423-10): every open rent item aged, with its provision rate."""

    _name = "housing.doubtful.debt.report"
    _description = "Doubtful Debts Report"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    date = fields.Date(required=True, default=fields.Date.context_today)

    def action_export(self):
        return self.env.ref("housing_arrears.action_report_doubtful_debt_xlsx").report_action(self)

    def _get_rows(self):
        """[dict] one per lease with a debt at the date: the age of the debt is that of its oldest unpaid rent.
        100 % for departed tenants and for debts over a year old; the 3-6 and 6-12 month bands use the company's
        rates; younger debts none (CCH R.423-10)."""
        self.ensure_one()
        company = self.company_id
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                self.env["housing.arrears.case"]._get_receivable_domain(company) + [("date_maturity", "<=", self.date)],
                ["housing_lease_id"],
                ["amount_residual:sum", "date_maturity:min"],
            )
        )
        rows = []
        for lease, residual, oldest in sorted(groups, key=lambda group: group[0].name):
            if company.currency_id.compare_amounts(residual, 0) <= 0:
                continue
            months = (self.date.year - oldest.year) * 12 + self.date.month - oldest.month
            departed = lease._is_departed(self.date)
            rate = self._rate(company, months, departed)
            rows.append(
                {
                    "lease": lease.name,
                    "tenant": lease.partner_id.name,
                    "agency": lease.agency_id.name,
                    "sector": lease.sector_id.name or "",
                    "departed": departed,
                    "oldest": oldest,
                    "months": months,
                    "residual": residual,
                    "rate": rate,
                    "provision": company.currency_id.round(residual * rate / 100),
                }
            )
        return rows

    @api.model
    def _rate(self, company, months, departed):
        if departed or months >= 12:
            return 100.0
        if months >= 6:
            return company.housing_doubtful_rate_6_12
        if months >= 3:
            return company.housing_doubtful_rate_3_6
        return 0.0
