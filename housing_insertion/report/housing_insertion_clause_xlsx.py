from collections import defaultdict

from odoo import _, fields, models
from odoo.tools import format_date


class ReportHousingInsertionClauseXlsx(models.AbstractModel):
    """The figures a facilitator asks for: one sheet of clauses (target, done, owed, penalty) and one sheet of
    the people hired (category, contract kind, hours per month, outcome after exit)."""

    _name = "report.housing_insertion.clause_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Insertion Clauses XLSX Export"

    def _labels(self, model, fname):
        return dict(self.env[model]._fields[fname]._description_selection(self.env))

    def _get_clause_columns(self):
        """(header, width, value getter, format key) of each column of the clauses sheet."""
        modes = self._labels("housing.insertion.clause", "mode")
        states = self._labels("housing.insertion.clause", "state")
        return [
            (_("Order"), 14, lambda c: c.order_id.name, None),
            (_("Supplier"), 28, lambda c: c.partner_id.name, None),
            (_("Residence"), 24, lambda c: c.housing_residence_id.name or "", None),
            (_("Facilitator"), 24, lambda c: c.facilitator_id.name or "", None),
            (_("Period start"), 12, lambda c: c.date_start, "date"),
            (_("Period end"), 12, lambda c: c.date_end, "date"),
            (_("Mode"), 22, lambda c: modes.get(c.mode, ""), None),
            (_("Target hours"), 10, lambda c: c.target_hours, "hours"),
            (_("Hours done"), 10, lambda c: c.hours_done, "hours"),
            (_("Completion (%)"), 10, lambda c: c.completion_rate / 100.0, "percent"),
            (_("Hours still owed"), 10, lambda c: c.hours_owed, "hours"),
            (_("Persons hired"), 10, lambda c: c.hire_count, None),
            (_("Status"), 12, lambda c: states.get(c.state, ""), None),
            (_("Penalty"), 12, lambda c: c.penalty_amount, "money"),
        ]

    def _get_hire_columns(self):
        categories = self._labels("housing.insertion.candidate", "eligibility_category")
        contracts = self._labels("housing.insertion.hire", "contract_kind")
        kinds = self._labels("res.partner", "insertion_structure_kind")
        outcomes = self._labels("housing.insertion.hire", "outcome")
        head = [
            (_("Order"), 14, lambda h: h.order_id.name, None),
            (_("Employer"), 26, lambda h: h.employer_id.name, None),
            (_("Insertion structure"), 22, lambda h: kinds.get(h.employer_kind, ""), None),
            (_("Person"), 24, lambda h: h.partner_id.name, None),
            (_("Category"), 28, lambda h: categories.get(h.eligibility_category, ""), None),
            (_("Contract kind"), 24, lambda h: contracts.get(h.contract_kind, ""), None),
            (_("Start"), 12, lambda h: h.date_start, "date"),
            (_("End"), 12, lambda h: h.date_end, "date"),
        ]
        tail = [
            (_("Total hours"), 10, lambda h: h.hours_done, "hours"),
            (_("Outcome after exit"), 30, lambda h: outcomes.get(h.outcome, ""), None),
        ]
        return head, tail

    def _write_row(self, sheet, row, columns, record, formats):
        for col, (_header, _width, getter, fmt) in enumerate(columns):
            value = getter(record)
            if fmt == "date":
                if value:
                    sheet.write_datetime(row, col, fields.Datetime.to_datetime(value), formats["date"])
                continue
            sheet.write(row, col, value, formats[fmt])

    def _write_headers(self, sheet, columns, formats):
        for col, (header, width, _getter, _fmt) in enumerate(columns):
            sheet.set_column(col, col, width)
            sheet.write(0, col, header, formats["header"])
        sheet.freeze_panes(1, 0)

    def generate_xlsx_report(self, workbook, data, clauses):
        formats = {
            "header": workbook.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1, "text_wrap": True}),
            "money": workbook.add_format({"num_format": "#,##0.00 €"}),
            "hours": workbook.add_format({"num_format": "0.00"}),
            "percent": workbook.add_format({"num_format": "0.0 %"}),
            "date": workbook.add_format({"num_format": "dd/mm/yyyy"}),
            None: None,
        }
        # clauses
        sheet = workbook.add_worksheet(_("Clauses"))
        columns = self._get_clause_columns()
        self._write_headers(sheet, columns, formats)
        for row, clause in enumerate(clauses, start=1):
            self._write_row(sheet, row, columns, clause, formats)
        # people hired, hours per month
        hires = clauses.hire_ids.sorted(lambda h: (h.order_id.name or "", h.date_start, h.id))
        hours = defaultdict(float)
        for line in clauses.hours_ids:
            hours[line.hire_id, line.month] += line.hours
        months = sorted({month for _hire, month in hours})
        head, tail = self._get_hire_columns()
        month_columns = [
            (
                format_date(self.env, month, date_format="MMM y"),
                10,
                lambda h, month=month: hours.get((h, month), 0.0),
                "hours",
            )
            for month in months
        ]
        columns = head + month_columns + tail
        sheet = workbook.add_worksheet(_("Persons hired"))
        self._write_headers(sheet, columns, formats)
        for row, hire in enumerate(hires, start=1):
            self._write_row(sheet, row, columns, hire, formats)
        sheet.autofilter(0, 0, max(len(hires), 1), len(columns) - 1)
