from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..report.housing_arrears_event import EVENT_TYPES


class HousingArrearsFiguresReport(models.TransientModel):
    """The figures of the arrears work over a period, by sector: what the management and the board ask for."""

    _name = "housing.arrears.figures.report"
    _description = "Arrears Figures Export"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    agency_id = fields.Many2one("housing.agency", domain="[('company_id', '=', company_id)]")
    date_from = fields.Date(required=True, default=lambda self: fields.Date.context_today(self).replace(month=1, day=1))
    date_to = fields.Date(required=True, default=fields.Date.context_today)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for report in self:
            if report.date_to < report.date_from:
                raise ValidationError(_("The period ends after it starts."))

    def action_export(self):
        return self.env.ref("housing_arrears.action_report_figures_xlsx").report_action(self)

    def _domain(self, date_field="date"):
        domain = [
            ("company_id", "=", self.company_id.id),
            (date_field, ">=", self.date_from),
            (date_field, "<=", self.date_to),
        ]
        if self.agency_id:
            domain.append(("agency_id", "=", self.agency_id.id))
        return domain

    def _get_table(self):
        """(sectors, rows): rows are (label, {sector: value}, total, kind) with kind 'count', 'amount' or 'rate'."""
        self.ensure_one()
        self.env.flush_all()  # the figures are an SQL view over the cases, plans, steps and write-offs
        Event = self.env["housing.arrears.event"]
        groups = Event._read_group(self._domain(), ["event_type", "sector_id"], ["count:sum", "amount:sum"])
        sectors = self.env["housing.sector"].browse(sorted({sector.id for _t, sector, _c, _a in groups if sector}))
        counts, amounts = {}, {}
        for event_type, sector, count, amount in groups:
            counts.setdefault(event_type, {})[sector] = count
            amounts.setdefault(event_type, {})[sector] = amount
        labels = dict(Event._fields["event_type"]._description_selection(self.env))
        rows = []
        for event_type, _label in EVENT_TYPES:
            values = counts.get(event_type, {})
            rows.append((labels[event_type], values, sum(values.values()), "count"))
            if event_type == "write_off":
                values = amounts.get(event_type, {})
                rows.append((_("Amount written off"), values, sum(values.values()), "amount"))
        # share of the cases settled without a payment order, among the cases closed as settled in the period
        Case = self.env["housing.arrears.case"]
        closed = Case._read_group(
            self._domain("date_closed") + [("closing_kind", "=", "settled")],
            ["sector_id"],
            ["__count", "closed_without_order:avg"],
        )
        share = {sector: rate for sector, _count, rate in closed}
        total_closed = sum(count for _s, count, _r in closed)
        total_share = sum(count * rate for _s, count, rate in closed) / total_closed if total_closed else 0.0
        rows.insert(4, (_("Share settled without a payment order (%)"), share, total_share, "rate"))
        # plans running at the end of the period
        Plan = self.env["housing.repayment.plan"]
        running_domain = [
            ("company_id", "=", self.company_id.id),
            ("signature_date", "<=", self.date_to),
            "|",
            ("state", "=", "active"),
            "|",
            ("kept_date", ">", self.date_to),
            ("broken_date", ">", self.date_to),
        ]
        if self.agency_id:
            running_domain.append(("agency_id", "=", self.agency_id.id))
        running = dict(Plan._read_group(running_domain, ["sector_id"], ["__count"]))
        rows.insert(5, (_("Repayment plans running at the end of the period"), running, sum(running.values()), "count"))
        sectors |= self.env["housing.sector"].browse([s.id for s in list(share) + list(running) if s])
        return sectors.sorted("name"), rows

    def _get_event_totals(self):
        """{event type: (count, amount)} of the period, every sector together: the rows of the table."""
        self.ensure_one()
        self.env.flush_all()
        groups = self.env["housing.arrears.event"]._read_group(
            self._domain(), ["event_type"], ["count:sum", "amount:sum"]
        )
        return {event_type: (count, amount) for event_type, count, amount in groups}

    def _get_ush_indicators(self):
        """The indicators of the USH (Union sociale pour l'habitat) over the period, from the tenants' ledgers:

        - ``billed``: what was billed to the tenants' accounts in the period (rent notices and invoices, less credit
          notes; the plan instalments are not billed again, the housing benefit paid to the landlord is billed to its
          payer, not to the tenant);
        - ``received``: the tenants' payments dated in the period;
        - ``arrears``: the debt due on the tenants' accounts at the end of the period;
        - ``losses``: the write-offs approved in the period (accounting losses on arrears);
        - ``arrears_rate`` = arrears ÷ billed, ``non_recovery_rate`` = 1 − received ÷ billed, ``arrears_cost`` =
          losses ÷ billed, in %.
        """
        self.ensure_one()
        Ledger = self.env["housing.ledger"]
        Ledger._flush()
        self.env["housing.lease"].flush_model(["agency_id", "company_id"])
        if self.agency_id:

            def in_scope(alias):
                return SQL(
                    "%s.housing_lease_id IN (SELECT id FROM housing_lease WHERE agency_id = %s)",
                    SQL.identifier(alias),
                    self.agency_id.id,
                )
        else:

            def in_scope(alias):
                return SQL(
                    "%(line)s.company_id = %(company)s AND %(line)s.housing_lease_id IS NOT NULL",
                    line=SQL.identifier(alias),
                    company=self.company_id.id,
                )

        self.env.cr.execute(
            SQL(
                """
                WITH items AS (%(items)s),
                     due AS (
                        SELECT GREATEST(COALESCE(SUM(amount) FILTER (WHERE amount > 0 AND maturity <= %(date_to)s), 0)
                                        + COALESCE(SUM(amount) FILTER (WHERE amount < 0), 0), 0) AS amount
                          FROM items GROUP BY lease_id)
                SELECT (SELECT COALESCE(SUM(amount), 0) FROM items
                         WHERE origin IN ('rent', 'invoice', 'refund') AND date >= %(date_from)s),
                       (SELECT COALESCE(-SUM(amount), 0) FROM items WHERE origin = 'payment' AND date >= %(date_from)s),
                       (SELECT COALESCE(SUM(amount), 0) FROM due)
                """,
                items=Ledger._items_sql(in_scope, self.date_to),
                date_from=self.date_from,
                date_to=self.date_to,
            )
        )
        billed, received, arrears = self.env.cr.fetchone()
        losses = self._get_event_totals().get("write_off", (0, 0.0))[1]
        currency = self.company_id.currency_id
        billed, received, arrears, losses = (currency.round(amount) for amount in (billed, received, arrears, losses))

        def rate(amount):
            return round(amount / billed * 100.0, 2) if billed else 0.0

        return {
            "billed": billed,
            "received": received,
            "arrears": arrears,
            "losses": losses,
            "arrears_rate": rate(arrears),
            "non_recovery_rate": round((1 - received / billed) * 100.0, 2) if billed else 0.0,
            "arrears_cost": rate(losses),
        }
