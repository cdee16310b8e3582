from odoo import _, models

from ..wizard.housing_cesf_followup_export import DIMENSIONS


class ReportHousingCesfFiguresXlsx(models.AbstractModel):
    """The CESF's figures over a period, in the source landlord's split: arrears follow-ups versus other
    interventions, then by type, origin, sector, CESF and outcome; home visits made; aid obtained."""

    _name = "report.housing_cesf.figures_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Social Follow-up Figures XLSX Export"

    def _label(self, model, dimension, value):
        if not value:
            return _("Not set")
        if isinstance(value, models.BaseModel):
            return value.display_name
        return dict(self.env[model]._fields[dimension]._description_selection(self.env)).get(value, value)

    def generate_xlsx_report(self, workbook, data, exports):
        export = exports[:1]
        formats = {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "section": workbook.add_format({"bold": True, "font_size": 11, "bg_color": "#DDE4EE"}),
            "header": workbook.add_format({"bold": True, "border": 1, "bg_color": "#F2F2F2", "text_wrap": True}),
            "money": workbook.add_format({"num_format": "#,##0.00 €"}),
            "total": workbook.add_format({"bold": True}),
        }
        period = _(
            "From %(start)s to %(end)s",
            start=export.date_from.strftime("%d/%m/%Y"),
            end=export.date_to.strftime("%d/%m/%Y"),
        )
        self._write_followups(workbook, export, formats, period)
        self._write_visits(workbook, export, formats, period)
        self._write_aid(workbook, export, formats, period)

    def _write_followups(self, workbook, export, formats, period):
        sheet = workbook.add_worksheet(_("Follow-ups"))
        sheet.set_column(0, 0, 45)
        sheet.set_column(1, 3, 14)
        sheet.write(0, 0, _("Social follow-ups of %(company)s", company=export.company_id.name), formats["title"])
        sheet.write(1, 0, period)
        figures = export._get_followup_figures()
        titles = {
            "type_category": _("Arrears follow-ups and other interventions"),
            "followup_type": _("By type"),
            "origin": _("By origin"),
            "sector_id": _("By sector"),
            "user_id": _("By CESF"),
            "outcome": _("By outcome"),
        }
        row = 3
        for dimension in DIMENSIONS:
            sheet.write(row, 0, titles[dimension], formats["section"])
            row += 1
            for col, header in enumerate((_("Value"), _("Opened"), _("Active"), _("Closed"))):
                sheet.write(row, col, header, formats["header"])
            row += 1
            totals = {"opened": 0, "active": 0, "closed": 0}
            lines = sorted(
                (
                    (self._label("housing.cesf.followup", dimension, value), counts)
                    for value, counts in figures[dimension].items()
                ),
                key=lambda line: line[0],
            )
            for label, counts in lines:
                sheet.write(row, 0, label)
                for col, measure in enumerate(("opened", "active", "closed"), start=1):
                    sheet.write_number(row, col, counts[measure])
                    totals[measure] += counts[measure]
                row += 1
            sheet.write(row, 0, _("Total"), formats["total"])
            for col, measure in enumerate(("opened", "active", "closed"), start=1):
                sheet.write_number(row, col, totals[measure], formats["total"])
            row += 2

    def _write_visits(self, workbook, export, formats, period):
        sheet = workbook.add_worksheet(_("Visits"))
        sheet.set_column(0, 1, 30)
        sheet.set_column(2, 3, 14)
        sheet.write(0, 0, _("Home visits made"), formats["title"])
        sheet.write(1, 0, period)
        visits, by_mode = export._get_visit_figures()
        row = 3
        for col, header in enumerate((_("CESF"), _("Sector"), _("Visits"))):
            sheet.write(row, col, header, formats["header"])
        row += 1
        for (user, sector), count in sorted(
            visits.items(), key=lambda item: (item[0][0].name or "", item[0][1].name or "")
        ):
            sheet.write(row, 0, user.name or _("Not set"))
            sheet.write(row, 1, sector.name or _("Not set"))
            sheet.write_number(row, 2, count)
            row += 1
        sheet.write(row, 0, _("Total"), formats["total"])
        sheet.write_number(row, 2, sum(visits.values()), formats["total"])
        row += 2
        sheet.write(row, 0, _("Interventions by mode and status"), formats["section"])
        row += 1
        for col, header in enumerate((_("Mode"), _("Status"), _("Interventions"))):
            sheet.write(row, col, header, formats["header"])
        row += 1
        for (mode, state), count in sorted(by_mode.items()):
            sheet.write(row, 0, self._label("housing.cesf.intervention", "mode", mode))
            sheet.write(row, 1, self._label("housing.cesf.intervention", "state", state))
            sheet.write_number(row, 2, count)
            row += 1

    def _write_aid(self, workbook, export, formats, period):
        sheet = workbook.add_worksheet(_("Aid"))
        sheet.set_column(0, 0, 40)
        sheet.set_column(1, 6, 14)
        sheet.write(0, 0, _("Aid decided within the follow-ups"), formats["title"])
        sheet.write(1, 0, period)
        headers = (_("Scheme"), _("Status"), _("Requests"), _("Amount granted"), _("Grant part"), _("Loan part"))
        row = 3
        for col, header in enumerate(headers):
            sheet.write(row, col, header, formats["header"])
        row += 1
        totals = [0, 0.0, 0.0, 0.0]
        for (scheme, state), values in sorted(export._get_aid_figures().items()):
            sheet.write(row, 0, self._label("housing.aid.request", "scheme", scheme))
            sheet.write(row, 1, self._label("housing.aid.request", "state", state))
            sheet.write_number(row, 2, values[0])
            for col, amount in enumerate(values[1:], start=3):
                sheet.write_number(row, col, amount, formats["money"])
            for index, value in enumerate(values):
                totals[index] += value
            row += 1
        sheet.write(row, 0, _("Total"), formats["total"])
        sheet.write_number(row, 2, totals[0], formats["total"])
        for col, amount in enumerate(totals[1:], start=3):
            sheet.write_number(row, col, amount, formats["money"])
