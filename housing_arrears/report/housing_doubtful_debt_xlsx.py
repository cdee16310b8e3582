from odoo import _, fields, models


class ReportHousingDoubtfulDebtXlsx(models.AbstractModel):
    _name = "report.housing_arrears.doubtful_debt_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Doubtful Debts XLSX"

    def generate_xlsx_report(self, workbook, data, wizards):
        wizard = wizards[:1]
        rows = wizard._get_rows()
        sheet = workbook.add_worksheet(_("Doubtful debts"))
        bold = workbook.add_format({"bold": True})
        header = workbook.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1, "text_wrap": True})
        money = workbook.add_format({"num_format": "#,##0.00 €"})
        money_bold = workbook.add_format({"num_format": "#,##0.00 €", "bold": True})
        day = workbook.add_format({"num_format": "dd/mm/yyyy"})
        sheet.write(
            0,
            0,
            _(
                "Doubtful debts at %(date)s, %(company)s",
                date=wizard.date.strftime("%d/%m/%Y"),
                company=wizard.company_id.name,
            ),
            bold,
        )
        headers = [
            _("Lease"),
            _("Tenant"),
            _("Agency"),
            _("Sector"),
            _("Present or departed"),
            _("Oldest unpaid rent"),
            _("Age (months)"),
            _("Debt"),
            _("Rate (%)"),
            _("Provision"),
        ]
        widths = [14, 28, 20, 18, 14, 14, 10, 14, 10, 14]
        for col, (title, width) in enumerate(zip(headers, widths)):
            sheet.set_column(col, col, width)
            sheet.write(2, col, title, header)
        present, departed = _("Present"), _("Departed")
        for row_index, row in enumerate(rows, start=3):
            sheet.write(row_index, 0, row["lease"])
            sheet.write(row_index, 1, row["tenant"])
            sheet.write(row_index, 2, row["agency"])
            sheet.write(row_index, 3, row["sector"])
            sheet.write(row_index, 4, departed if row["departed"] else present)
            sheet.write_datetime(row_index, 5, fields.Datetime.to_datetime(row["oldest"]), day)
            sheet.write(row_index, 6, row["months"])
            sheet.write(row_index, 7, row["residual"], money)
            sheet.write(row_index, 8, row["rate"])
            sheet.write(row_index, 9, row["provision"], money)
        total_row = len(rows) + 3
        sheet.write(total_row, 0, _("Total"), bold)
        sheet.write(total_row, 7, sum(row["residual"] for row in rows), money_bold)
        sheet.write(total_row, 9, sum(row["provision"] for row in rows), money_bold)
