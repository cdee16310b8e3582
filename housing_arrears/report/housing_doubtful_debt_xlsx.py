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
            _("Oldest unpaid item"),
            _("Age (days)"),
            _("Debt"),
            _("Up to 3 months"),
            _("3 to 6 months"),
            _("6 to 12 months"),
            _("Over 12 months"),
            _("Rate (%)"),
            _("Provision"),
        ]
        widths = [14, 28, 20, 18, 14, 14, 10, 14, 14, 14, 14, 14, 10, 14]
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
            if row["oldest"]:
                sheet.write_datetime(row_index, 5, fields.Datetime.to_datetime(row["oldest"]), day)
            sheet.write(row_index, 6, row["age_days"])
            sheet.write(row_index, 7, row["residual"], money)
            for offset, amount in enumerate(row["bands"]):
                sheet.write(row_index, 8 + offset, amount, money)
            sheet.write(row_index, 12, row["rate"])
            sheet.write(row_index, 13, row["provision"], money)
        total_row = len(rows) + 3
        sheet.write(total_row, 0, _("Total"), bold)
        sheet.write(total_row, 7, sum(row["residual"] for row in rows), money_bold)
        for offset in range(4):
            sheet.write(total_row, 8 + offset, sum(row["bands"][offset] for row in rows), money_bold)
        sheet.write(total_row, 13, sum(row["provision"] for row in rows), money_bold)
