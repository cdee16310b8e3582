from odoo import _, fields, models


class ReportHousingArrearsCaseXlsx(models.AbstractModel):
    """One row per arrears case, for the agency's follow-up meetings."""

    _name = "report.housing_arrears.case_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Arrears Cases XLSX Export"

    def _get_columns(self):
        """(header, width, value getter, format key) of each column."""
        pole_labels = dict(self.env["housing.arrears.case"]._fields["pole"]._description_selection(self.env))
        yes, no = _("Yes"), _("No")
        present, departed = _("Present"), _("Departed")

        return [
            (_("Case"), 22, lambda c: c.name, None),
            (_("Tenant"), 28, lambda c: c.partner_id.name, None),
            (_("Lease"), 14, lambda c: c.lease_id.name, None),
            (_("Dwelling"), 14, lambda c: c.unit_id.name, None),
            (_("Agency"), 20, lambda c: c.agency_id.name, None),
            (_("Sector"), 20, lambda c: c.sector_id.name or "", None),
            (_("Pole"), 18, lambda c: pole_labels.get(c.pole, ""), None),
            (_("Stage"), 24, lambda c: c.stage_id.name, None),
            (_("Officer"), 22, lambda c: c.user_id.name or "", None),
            (_("Debt"), 12, lambda c: c.debt_amount, "money"),
            (_("Months of arrears"), 10, lambda c: c.months_in_arrears, "decimal"),
            (_("Oldest unpaid rent"), 14, lambda c: c.oldest_unpaid_date, "date"),
            (_("Last payment"), 14, lambda c: c.last_payment_date, "date"),
            (_("Present or departed"), 14, lambda c: departed if c.tenant_departed else present, None),
            (_("Unreachable"), 12, lambda c: yes if c.unreachable else no, None),
        ]

    def generate_xlsx_report(self, workbook, data, cases):
        sheet = workbook.add_worksheet(_("Arrears cases"))
        formats = {
            "header": workbook.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1, "text_wrap": True}),
            "money": workbook.add_format({"num_format": "#,##0.00 €"}),
            "decimal": workbook.add_format({"num_format": "0.0"}),
            "date": workbook.add_format({"num_format": "dd/mm/yyyy"}),
            None: None,
        }
        columns = self._get_columns()
        for col, (header, width, _getter, _fmt) in enumerate(columns):
            sheet.set_column(col, col, width)
            sheet.write(0, col, header, formats["header"])
        sheet.freeze_panes(1, 0)
        for row, case in enumerate(cases, start=1):
            for col, (_header, _width, getter, fmt) in enumerate(columns):
                value = getter(case)
                if fmt == "date":
                    if value:
                        sheet.write_datetime(row, col, fields.Datetime.to_datetime(value), formats["date"])
                    continue
                sheet.write(row, col, value, formats[fmt])
        sheet.autofilter(0, 0, max(len(cases), 1), len(columns) - 1)
