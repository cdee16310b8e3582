import base64
import csv
import io
from datetime import date, datetime

import openpyxl

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..models.housing_benefit_statement_format import COLUMNS

AMOUNT_COLUMNS = {
    "col_apl": "apl_amount",
    "col_rls": "rls_amount",
    "col_back_payment": "back_payment",
    "col_overpayment": "overpayment",
}


class HousingBenefitStatementImport(models.TransientModel):
    """Import of a benefit payer's monthly statement (CSV or XLSX, columns as the format says). Every line is
    checked first: a bad line stops the import with its line number and nothing is written, unless the bad lines
    are skipped on purpose."""

    _name = "housing.benefit.statement.import"
    _description = "Import a Benefit Payer Statement"

    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)
    payer_id = fields.Many2one(
        "res.partner",
        string="Benefit Payer",
        required=True,
        domain="[('is_company', '=', True)]",
        help="The CAF or MSA whose statement this is.",
    )
    format_id = fields.Many2one(
        "housing.benefit.statement.format",
        compute="_compute_format_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    period = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="Month of the benefit paid (any day of it).",
    )
    file = fields.Binary(required=True)
    filename = fields.Char()
    skip_invalid = fields.Boolean(
        string="Skip the Invalid Lines",
        help="Import the valid lines and keep the invalid ones on the statement, marked as skipped. Otherwise an "
        "invalid line stops the import and nothing is written.",
    )

    @api.depends("payer_id")
    def _compute_format_id(self):
        Format = self.env["housing.benefit.statement.format"]
        for wizard in self:
            formats = Format.search(["|", ("company_id", "=", False), ("company_id", "=", wizard.company_id.id)])
            wizard.format_id = (
                formats.filtered(lambda statement_format, wizard=wizard: wizard.payer_id in statement_format.payer_ids)[
                    :1
                ]
                or wizard.format_id
                or formats[:1]
            )

    # ------------------------------------------------------------------ reading the file
    def _read_rows(self):
        """(line number, list of cell values) of the file, from the row after the header; and the header."""
        self.ensure_one()
        data = base64.b64decode(self.file or b"")
        if not data:
            raise UserError(_("The file is empty."))
        statement_format = self.format_id
        if statement_format.file_type == "xlsx":
            rows = self._read_xlsx(data)
        else:
            rows = self._read_csv(data)
        header_index = statement_format.header_row - 1
        if len(rows) <= header_index:
            raise UserError(
                _("The file has no header at line %(line)s: check the format.", line=statement_format.header_row)
            )
        header = rows[header_index]
        body = [
            (number, row)
            for number, row in enumerate(rows[header_index + 1 :], start=statement_format.header_row + 1)
            if any(str(value).strip() for value in row if value is not None)
        ]
        return header, body

    def _read_csv(self, data):
        statement_format = self.format_id
        try:
            text = data.decode(statement_format.csv_encoding or "utf-8-sig")
        except UnicodeDecodeError as error:
            raise UserError(
                _(
                    "The file is not written in the encoding of the format %(format)s (%(encoding)s): choose the "
                    "right encoding in the format.",
                    format=statement_format.name,
                    encoding=statement_format.csv_encoding,
                )
            ) from error
        return list(csv.reader(io.StringIO(text), delimiter=statement_format.csv_delimiter or ";"))

    def _read_xlsx(self, data):
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises several kinds of errors on a file that is not XLSX
            raise UserError(_("The file cannot be read as an Excel (XLSX) workbook: %(error)s", error=error)) from error
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]

    def _parse_amount(self, value, title, number):
        if value is None or (isinstance(value, str) and not value.strip()):
            return 0.0
        if isinstance(value, int | float):
            amount = float(value)
        else:
            text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace("€", "")
            if self.format_id.decimal_separator == ",":
                text = text.replace(".", "").replace(",", ".")
            else:
                text = text.replace(",", "")
            try:
                amount = float(text)
            except ValueError:
                raise ValidationError(
                    _(
                        "Line %(line)s: the amount « %(value)s » of column « %(column)s » is not a number.",
                        line=number,
                        value=value,
                        column=title,
                    )
                ) from None
        if amount < 0:
            raise ValidationError(
                _(
                    "Line %(line)s: the amount of column « %(column)s » is negative (%(value)s).",
                    line=number,
                    column=title,
                    value=value,
                )
            )
        return round(amount, 2)

    def _parse_period(self, value, number):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, datetime | date):
            return date(value.year, value.month, 1)
        text = str(value).strip()
        for pattern in (self.format_id.period_format or "%m/%Y", "%m/%Y", "%Y-%m", "%d/%m/%Y", "%Y-%m-%d", "%m%Y"):
            try:
                parsed = datetime.strptime(text, pattern)
            except ValueError:
                continue
            return date(parsed.year, parsed.month, 1)
        raise ValidationError(
            _("Line %(line)s: the period « %(value)s » is not a month (e.g. 04/2026).", line=number, value=value)
        )

    def _parse(self):
        """(rows, errors): the values of the valid lines, and (line number, message) of the invalid ones."""
        self.ensure_one()
        header, body = self._read_rows()
        try:
            mapping = self.format_id._column_map(header)
        except ValidationError as error:
            raise UserError(error.args[0]) from None
        titles = {column: self.format_id[column] for column, _required in COLUMNS}
        period = self.period.replace(day=1)
        rows, errors = [], []
        seen = {}

        def cell(row, column):
            index = mapping.get(column)
            if index is None or index >= len(row):
                return None
            return row[index]

        for number, row in body:
            try:
                raw_number = cell(row, "col_allocataire")
                if isinstance(raw_number, float) and raw_number.is_integer():
                    raw_number = int(raw_number)
                allocataire = str(raw_number).strip() if raw_number is not None else ""
                if not allocataire:
                    raise ValidationError(_("Line %(line)s: the allocataire number is missing.", line=number))
                if allocataire in seen:
                    raise ValidationError(
                        _(
                            "Line %(line)s: the allocataire number %(number)s is already on line %(first)s.",
                            line=number,
                            number=allocataire,
                            first=seen[allocataire],
                        )
                    )
                line_period = self._parse_period(cell(row, "col_period"), number)
                if line_period and line_period != period:
                    raise ValidationError(
                        _(
                            "Line %(line)s: the period %(found)s is not the month of the statement (%(period)s).",
                            line=number,
                            found=line_period.strftime("%m/%Y"),
                            period=period.strftime("%m/%Y"),
                        )
                    )
                values = {
                    "line_number": number,
                    "allocataire_number": allocataire,
                    "tenant_name": str(cell(row, "col_name") or "").strip(),
                }
                for column, field in AMOUNT_COLUMNS.items():
                    values[field] = self._parse_amount(cell(row, column), titles[column], number)
            except ValidationError as error:
                errors.append((number, error.args[0]))
                continue
            seen[allocataire] = number
            rows.append(values)
        return rows, errors

    # ------------------------------------------------------------------ action
    def action_import(self):
        self.ensure_one()
        period = self.period.replace(day=1)
        if self.env["housing.benefit.statement"].search_count(
            [("payer_id", "=", self.payer_id.id), ("period", "=", period), ("company_id", "=", self.company_id.id)]
        ):
            raise UserError(
                _(
                    "The statement of %(payer)s for %(period)s was already imported.",
                    payer=self.payer_id.name,
                    period=period.strftime("%m/%Y"),
                )
            )
        rows, errors = self._parse()
        if errors and not self.skip_invalid:
            raise UserError(
                _(
                    "The file has %(count)s invalid line(s); nothing was imported. Correct the file, or tick "
                    "« Skip the invalid lines » to import the others:",
                    count=len(errors),
                )
                + "\n"
                + "\n".join(message for _number, message in errors)
            )
        if not rows:
            raise UserError(_("The file has no valid line to import."))
        statement = (
            self.env["housing.benefit.statement"]
            .with_company(self.company_id)
            ._housing_create_from_rows(self.payer_id, period, self.format_id, rows, errors, self.file, self.filename)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "housing.benefit.statement",
            "res_id": statement.id,
            "view_mode": "form",
            "target": "current",
        }
