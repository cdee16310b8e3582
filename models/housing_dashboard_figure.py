from odoo import api, fields, models

# (code, label, unit): the figures of the manager's dashboard, in the order it shows them
FIGURES = [
    ("billed", "Billed to the tenants", "amount"),
    ("received", "Received from the tenants", "amount"),
    ("arrears", "Arrears at the end of the period", "amount"),
    ("losses", "Losses on arrears (write-offs)", "amount"),
    ("arrears_rate", "Arrears rate", "rate"),
    ("non_recovery_rate", "Non-recovery rate", "rate"),
    ("arrears_cost", "Cost of arrears", "rate"),
    ("debt_present", "Debt of present tenants", "amount"),
    ("debt_departed", "Debt of departed tenants", "amount"),
    ("debt_band_1", "Debt up to 3 months old", "amount"),
    ("debt_band_2", "Debt 3 to 6 months old", "amount"),
    ("debt_band_3", "Debt 6 to 12 months old", "amount"),
    ("debt_band_4", "Debt over 12 months old", "amount"),
    ("cases_opened", "Cases opened", "count"),
    ("cases_closed_without_order", "Cases closed without a payment order", "count"),
    ("amicable_share", "Cases closed without a payment order over cases opened", "rate"),
    ("plans_kept", "Repayment plans kept", "count"),
    ("plans_broken", "Repayment plans broken", "count"),
    ("insertion_hours_target", "Insertion hours due under the clauses", "hours"),
    ("insertion_hours_done", "Insertion hours done", "hours"),
    ("insertion_completion", "Completion of the insertion clauses", "rate"),
]
UNITS = [("amount", "Amount"), ("rate", "Rate (%)"), ("count", "Number"), ("hours", "Hours")]


class HousingDashboardFigure(models.Model):
    """One figure of the manager's dashboard, for a company (agency empty) or one of its agencies, over the current
    year: what the spreadsheet dashboard reads. Refreshed when the dashboard is opened (and by the nightly job), from
    the computations of the arrears figures export, the doubtful debts report, the cases and the insertion clauses:
    no figure has a definition of its own here."""

    _name = "housing.dashboard.figure"
    _description = "Dashboard Figure"
    _order = "company_id, agency_id, sequence"

    code = fields.Selection([(code, label) for code, label, _unit in FIGURES], string="Figure", required=True)
    sequence = fields.Integer()
    unit = fields.Selection(UNITS, required=True)
    value = fields.Float(digits=(16, 2), aggregator="sum")
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    company_id = fields.Many2one("res.company", required=True, index=True, ondelete="cascade")
    agency_id = fields.Many2one("housing.agency", index=True, ondelete="cascade")

    @api.model
    def _refresh(self, companies=None):
        """Recompute the figures of the companies (default: the current one) over the current year, whole company
        and each agency; the previous figures of those companies are replaced."""
        companies = (companies or self.env.company).sudo()
        today = fields.Date.context_today(self)
        date_from = today.replace(month=1, day=1)
        vals_list = []
        for company in companies:
            figures = self.with_company(company)._compute_figures(company, date_from, today)
            for agency, values in figures.items():
                vals_list += [
                    {
                        "code": code,
                        "sequence": sequence,
                        "unit": unit,
                        "value": values.get(code, 0.0),
                        "date_from": date_from,
                        "date_to": today,
                        "company_id": company.id,
                        "agency_id": agency.id,
                    }
                    for sequence, (code, _label, unit) in enumerate(FIGURES)
                ]
        self.sudo().search([("company_id", "in", companies.ids)]).unlink()
        return self.sudo().create(vals_list)

    @api.model
    def _compute_figures(self, company, date_from, date_to):
        """{agency (empty: the whole company): {code: value}}"""
        env = self.sudo().env
        agencies = env["housing.agency"].search([("company_id", "=", company.id)])
        doubtful = env["housing.doubtful.debt.report"].new({"company_id": company.id, "date": date_to})._get_rows()
        result = {}
        for agency in [env["housing.agency"]] + list(agencies):
            figures = env["housing.arrears.figures.report"].new(
                {"company_id": company.id, "agency_id": agency.id, "date_from": date_from, "date_to": date_to}
            )
            values = figures._get_ush_indicators()
            values.update(self._debt_figures([row for row in doubtful if not agency or row["agency_id"] == agency.id]))
            values.update(self._case_figures(figures))
            values.update(self._insertion_figures(company, agency))
            result[agency] = values
        return result

    @api.model
    def _debt_figures(self, rows):
        """Present and departed tenants' debt and the debt by age band, from the rows of the doubtful debts report
        (the age bands are its settings)."""
        values = {
            "debt_present": sum(row["residual"] for row in rows if not row["departed"]),
            "debt_departed": sum(row["residual"] for row in rows if row["departed"]),
        }
        for band in range(4):
            values[f"debt_band_{band + 1}"] = sum(row["bands"][band] for row in rows)
        return values

    @api.model
    def _case_figures(self, figures):
        """Cases opened in the period, cases closed in it without any payment order, their ratio, plans kept and
        broken in the period: the events of the arrears figures export."""
        events = figures._get_event_totals()
        opened = events.get("case_opened", (0, 0.0))[0]
        closed_without_order = (
            self.env["housing.arrears.case"]
            .sudo()
            .search_count(figures._domain("date_closed") + [("is_closed", "=", True), ("closed_without_order", ">", 0)])
        )
        return {
            "cases_opened": opened,
            "cases_closed_without_order": closed_without_order,
            "amicable_share": round(closed_without_order / opened * 100.0, 2) if opened else 0.0,
            "plans_kept": events.get("plan_kept", (0, 0.0))[0],
            "plans_broken": events.get("plan_broken", (0, 0.0))[0],
        }

    @api.model
    def _insertion_figures(self, company, agency):
        """Hours due under the insertion clauses of the company (of the agency's residences) and hours done."""
        domain = [("company_id", "=", company.id)]
        if agency:
            domain.append(("housing_residence_id.agency_id", "=", agency.id))
        [(target, done)] = (
            self.env["housing.insertion.clause"].sudo()._read_group(domain, [], ["target_hours:sum", "hours_done:sum"])
        )
        target, done = target or 0.0, done or 0.0
        return {
            "insertion_hours_target": target,
            "insertion_hours_done": done,
            "insertion_completion": round(done / target * 100.0, 2) if target else 0.0,
        }

    @api.model
    def _cron_refresh(self):
        self._refresh(self.env["res.company"].search([]))
