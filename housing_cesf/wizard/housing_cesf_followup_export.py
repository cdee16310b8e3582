from datetime import date

from odoo import _, api, fields, models
from odoo.exceptions import UserError

# fields of the follow-up by which the figures are counted
DIMENSIONS = ["type_category", "followup_type", "origin", "sector_id", "user_id", "outcome"]


class HousingCesfFollowupExport(models.TransientModel):
    """The CESF's figures over a period: follow-ups opened, active and closed by category, type, origin, sector,
    CESF and outcome; home visits made; aid obtained. Exported to XLSX."""

    _name = "housing.cesf.followup.export"
    _description = "Social Follow-up Figures"

    date_from = fields.Date(required=True, default=lambda self: date(fields.Date.context_today(self).year, 1, 1))
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for export in self:
            if export.date_from > export.date_to:
                raise UserError(_("The period starts after it ends: check the dates."))

    def action_export(self):
        self.ensure_one()
        return self.env.ref("housing_cesf.action_report_figures_xlsx").report_action(self)

    # ------------------------------------------------------------------ figures
    def _get_followup_domains(self):
        """{'opened'|'active'|'closed': domain} over the period."""
        self.ensure_one()
        company = [("company_id", "=", self.company_id.id)]
        return {
            "opened": [*company, ("date_open", ">=", self.date_from), ("date_open", "<=", self.date_to)],
            "active": [
                *company,
                ("date_open", "<=", self.date_to),
                "|",
                ("date_closed", "=", False),
                ("date_closed", ">=", self.date_from),
            ],
            "closed": [*company, ("date_closed", ">=", self.date_from), ("date_closed", "<=", self.date_to)],
        }

    def _get_followup_figures(self):
        """{dimension: {value: {'opened': n, 'active': n, 'closed': n}}}, one grouped query per dimension and
        measure; the values are records or selection keys, False when not set."""
        Followup = self.env["housing.cesf.followup"]
        figures = {}
        for dimension in DIMENSIONS:
            rows = {}
            for measure, domain in self._get_followup_domains().items():
                for value, count in Followup._read_group(domain, [dimension], ["__count"]):
                    rows.setdefault(value, {"opened": 0, "active": 0, "closed": 0})[measure] = count
            figures[dimension] = rows
        return figures

    def _get_visit_figures(self):
        """Home visits made in the period: {(cesf, sector): count}, and every intervention by mode and status."""
        Intervention = self.env["housing.cesf.intervention"]
        period = [
            ("company_id", "=", self.company_id.id),
            ("date", ">=", fields.Datetime.to_datetime(self.date_from)),
            ("date", "<", fields.Datetime.to_datetime(fields.Date.add(self.date_to, days=1))),
        ]
        visits = {
            (user, sector): count
            for user, sector, count in Intervention._read_group(
                [*period, ("mode", "=", "home_visit"), ("state", "=", "done")], ["user_id", "sector_id"], ["__count"]
            )
        }
        by_mode = {
            (mode, state): count
            for mode, state, count in Intervention._read_group(period, ["mode", "state"], ["__count"])
        }
        return visits, by_mode

    def _get_aid_figures(self):
        """Aid decided in the period within a follow-up: {(scheme, state): (count, granted, grant, loan)}."""
        rows = self.env["housing.aid.request"]._read_group(
            [
                ("company_id", "=", self.company_id.id),
                ("followup_id", "!=", False),
                ("decision_date", ">=", self.date_from),
                ("decision_date", "<=", self.date_to),
            ],
            ["scheme", "state"],
            ["__count", "amount_granted:sum", "grant_amount:sum", "loan_amount:sum"],
        )
        return {(scheme, state): values for scheme, state, *values in rows}
