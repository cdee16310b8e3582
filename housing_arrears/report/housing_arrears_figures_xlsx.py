from odoo import _, models


class ReportHousingArrearsFiguresXlsx(models.AbstractModel):
    _name = "report.housing_arrears.figures_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Arrears Figures XLSX"

    def generate_xlsx_report(self, workbook, data, wizards):
        wizard = wizards[:1]
        sectors, rows = wizard._get_table()
        sheet = workbook.add_worksheet(_("Arrears figures"))
        bold = workbook.add_format({"bold": True})
        header = workbook.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1, "text_wrap": True})
        formats = {
            "count": workbook.add_format({"num_format": "0"}),
            "amount": workbook.add_format({"num_format": "#,##0.00 €"}),
            "rate": workbook.add_format({"num_format": "0.0"}),
        }
        title = _(
            "Arrears figures from %(start)s to %(end)s, %(scope)s",
            start=wizard.date_from.strftime("%d/%m/%Y"),
            end=wizard.date_to.strftime("%d/%m/%Y"),
            scope=wizard.agency_id.name or wizard.company_id.name,
        )
        sheet.write(0, 0, title, bold)
        sheet.set_column(0, 0, 46)
        sheet.set_column(1, len(sectors) + 1, 14)
        sheet.write(2, 0, _("Indicator"), header)
        for col, sector in enumerate(sectors, start=1):
            sheet.write(2, col, sector.name, header)
        sheet.write(2, len(sectors) + 1, _("Total"), header)
        for row_index, (label, values, total, kind) in enumerate(rows, start=3):
            sheet.write(row_index, 0, label)
            for col, sector in enumerate(sectors, start=1):
                sheet.write(row_index, col, values.get(sector, 0), formats[kind])
            sheet.write(row_index, len(sectors) + 1, total, formats[kind])
