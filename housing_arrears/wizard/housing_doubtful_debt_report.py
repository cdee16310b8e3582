from odoo import api, fields, models


class HousingDoubtfulDebtReport(models.TransientModel):
    """Doubtful debts as at a date (CCH R.423-10): the tenants' accounts at that date, every unpaid item aged in
    days and provisioned at the rate of its band."""

    _name = "housing.doubtful.debt.report"
    _description = "Doubtful Debts Report"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    date = fields.Date(required=True, default=fields.Date.context_today)

    def action_export(self):
        return self.env.ref("housing_arrears.action_report_doubtful_debt_xlsx").report_action(self)

    def _get_rows(self):
        """[dict] one per lease that owes something at the report date, as the accounts stood on that date: what
        was posted later (payments, write-offs, new notices) is left out, so the report for 31 December run in
        January gives what it gave on 31 December.

        Each unpaid item (payments imputed on the oldest) is aged in days at the report date: over the full band
        (365 days) 100 %, over the second band (180 days) the 6-12 month rate, over the first band (90 days) the
        3-6 month rate, none below; every debt of a tenant departed at the report date is provisioned at 100 %."""
        self.ensure_one()
        company, on_date = self.company_id, self.date
        Ledger = self.env["housing.ledger"]
        leases = Ledger._get_leases_with_balance(company, on_date)
        positions = Ledger._get_positions(leases.sudo(), on_date)
        currency = company.currency_id
        rows = []
        for lease in leases.sudo().sorted("name"):
            position = positions[lease]
            residual = currency.round(position.balance)
            if currency.compare_amounts(residual, 0) <= 0:
                continue
            departed = lease._is_departed(on_date)
            aged = position.aged()
            bands = [0.0, 0.0, 0.0, 0.0]
            provision = 0.0
            for item, amount in aged:
                days = (on_date - item.maturity).days
                band = self._band(company, days)
                bands[band] += amount
                provision += amount * (100.0 if departed else self._band_rate(company, band)) / 100
            oldest = aged[0][0].maturity if aged else False
            provision = currency.round(provision)
            rows.append(
                {
                    "lease": lease.name,
                    "tenant": lease.partner_id.name,
                    "agency": lease.agency_id.name,
                    "agency_id": lease.agency_id.id,
                    "sector": lease.sector_id.name or "",
                    "departed": departed,
                    "oldest": oldest,
                    "age_days": (on_date - oldest).days if oldest else 0,
                    "residual": residual,
                    "bands": [currency.round(amount) for amount in bands],
                    "rate": round(provision / residual * 100, 2),
                    "provision": provision,
                }
            )
        return rows

    @api.model
    def _band(self, company, days):
        """0: up to the first band, 1: first to second band, 2: second band to the full band, 3: beyond."""
        if days > company.housing_doubtful_days_full:
            return 3
        if days > company.housing_doubtful_days_mid:
            return 2
        if days > company.housing_doubtful_days_low:
            return 1
        return 0

    @api.model
    def _band_rate(self, company, band):
        return (0.0, company.housing_doubtful_rate_3_6, company.housing_doubtful_rate_6_12, 100.0)[band]
