"""A landlord's first day: the portfolio (residences, dwellings, tenants, leases and the opening debt of each lease)
imported from one XLSX workbook made of the templates.

The workbook has one sheet per kind of record; its lines quote each other by natural keys (residence code, dwelling
reference, tenant reference, lease reference), and may quote records already in Odoo (agencies and sectors, which
are set up first, benefit payers, and residences, dwellings, tenants or leases of an earlier import). *Check* reads
every line and lists every bad one (sheet, line, column, what is wrong) without writing anything; *Import* checks
again and writes nothing unless the file is clean, then creates everything in one transaction, one ``create`` per
model, and posts the opening debts against the opening account (``housing.ledger._post_entry``): a posted
receivable line on the lease's tenant, with the lease and its due date, that the nightly detection reads as it
reads a rent notice.
"""

import base64
import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

import openpyxl
import xlsxwriter

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

from ..models.housing_lease import LAW_2023_DATE

SHEETS = ("residences", "units", "tenants", "leases", "debts")
# receivable lines per opening entry: a few entries for a large portfolio rather than one huge one
OPENING_ENTRY_ROWS = 200
TEMPLATE_ROWS = 5000  # rows of the template given the drop-down lists of their column


@dataclass(frozen=True)
class Column:
    """One column of a sheet of the templates.

    `kind`: char, date, amount (>= 0), signed (an amount of any sign), integer, float, selection, boolean or refs (a
    list of keys separated by commas or semicolons). `field`: the field of the record the value goes to as it is;
    columns without one are read by the sheet's check (references to other lines or records)."""

    key: str
    label: str
    kind: str = "char"
    required: bool = False
    field: str | None = None
    help: str = ""
    selection: tuple = ()


def normalize(text):
    """A header, a sheet name or a choice as compared: no accents, no case, no star, spaces collapsed."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode().casefold()
    return " ".join(text.replace("*", " ").split())


def cell_text(value):
    """The text of a cell: a whole number typed in a cell (a reference such as 12345) without its '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


class HousingPortfolioImportError(models.TransientModel):
    _name = "housing.portfolio.import.error"
    _description = "Bad Line of a Portfolio Import"
    _order = "sequence, id"

    wizard_id = fields.Many2one("housing.portfolio.import", required=True, ondelete="cascade")
    sequence = fields.Integer()
    sheet = fields.Char()
    line = fields.Integer()
    column = fields.Char()
    message = fields.Char(string="What Is Wrong")


class HousingPortfolioImport(models.TransientModel):
    _name = "housing.portfolio.import"
    _description = "Import a Portfolio"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    file = fields.Binary(string="Workbook", attachment=False)
    filename = fields.Char()
    opening_date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        help="Date of the opening entries: the day the portfolio is taken over in Odoo. Each opening debt keeps its "
        "own due date.",
    )
    opening_account_id = fields.Many2one(
        "account.account",
        default=lambda self: self._default_opening_account(),
        domain="[('account_type', 'not in', ('asset_receivable', 'liability_payable')), "
        "('company_ids', 'in', company_id)]",
        help="Counterpart of the opening debts: the tenants' receivable is debited, this account credited (by default "
        "the suspense account 471000, cleared by the accountant against the opening balance of the general ledger).",
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Opening Journal",
        default=lambda self: self._default_journal(),
        domain="[('type', '=', 'general'), ('company_id', '=', company_id)]",
    )
    state = fields.Selection(
        [("draft", "To check"), ("errors", "Errors"), ("valid", "Ready to import"), ("done", "Imported")],
        default="draft",
        required=True,
    )
    error_ids = fields.One2many("housing.portfolio.import.error", "wizard_id", string="Bad Lines")
    error_count = fields.Integer(compute="_compute_error_count")
    summary = fields.Text(readonly=True)
    download_file = fields.Binary(attachment=False, readonly=True)
    download_filename = fields.Char()

    @api.model
    def _default_opening_account(self):
        company = self.env.company
        Account = self.env["account.account"]
        domain = Account._check_company_domain(company)
        return Account.search([*domain, ("code", "=like", "471%")], order="code", limit=1) or Account.search(
            [*domain, ("account_type", "=", "equity_unaffected")], limit=1
        )

    @api.model
    def _default_journal(self):
        return self.env["account.journal"].search(
            [("type", "=", "general"), ("company_id", "=", self.env.company.id)], limit=1
        )

    @api.depends("error_ids")
    def _compute_error_count(self):
        for wizard in self:
            wizard.error_count = len(wizard.error_ids)

    @api.onchange("file")
    def _onchange_file(self):
        self.state = "draft"
        self.summary = False
        self.error_ids = [Command.clear()]

    # ------------------------------------------------------------------ the templates
    def _get_sheet_label(self, sheet):
        return {
            "residences": _("Residences"),
            "units": _("Dwellings"),
            "tenants": _("Tenants"),
            "leases": _("Leases"),
            "debts": _("Opening debts"),
        }[sheet]

    def _selection(self, model, fname):
        return tuple(self.env[model]._fields[fname]._description_selection(self.env))

    def _get_columns(self, sheet):
        """The columns of a sheet, in the order of the template (override to add some)."""
        if sheet == "residences":
            return [
                Column(
                    "code",
                    _("Residence code"),
                    required=True,
                    field="code",
                    help=_("Unique code of the residence (programme number); the dwellings quote it."),
                ),
                Column("name", _("Residence name"), required=True, field="name"),
                Column(
                    "agency",
                    _("Agency"),
                    required=True,
                    help=_("Code or name of an agency already set up (Configuration > Agencies)."),
                ),
                Column("sector", _("Sector"), help=_("Code or name of a sector of that agency (optional).")),
                Column("street", _("Street"), field="street"),
                Column("zip", _("Zip"), field="zip"),
                Column("city", _("City"), field="city"),
            ]
        if sheet == "units":
            return [
                Column(
                    "name",
                    _("Dwelling reference"),
                    required=True,
                    field="name",
                    help=_("Unique reference of the dwelling; the leases quote it."),
                ),
                Column(
                    "residence",
                    _("Residence code"),
                    required=True,
                    help=_("Code of a residence of the sheet Residences, or already in Odoo."),
                ),
                Column(
                    "typology",
                    _("Typology"),
                    kind="selection",
                    required=True,
                    field="typology",
                    selection=self._selection("housing.unit", "typology"),
                ),
                Column("surface", _("Living area (m²)"), kind="float", field="surface"),
                Column("street2", _("Floor, door"), field="street2"),
                Column(
                    "street",
                    _("Street"),
                    field="street",
                    help=_("Empty: the street of the residence (likewise below)."),
                ),
                Column("zip", _("Zip"), field="zip"),
                Column("city", _("City"), field="city"),
            ]
        if sheet == "tenants":
            return [
                Column(
                    "ref",
                    _("Tenant reference"),
                    required=True,
                    field="ref",
                    help=_("Unique reference of the tenant in the former software; the leases quote it."),
                ),
                Column("name", _("Full name"), required=True, field="name", help=_("Last name and first name.")),
                Column("email", _("Email"), field="email"),
                Column("phone", _("Phone"), field="phone"),
                Column("mobile", _("Mobile"), field="mobile"),
                Column(
                    "street",
                    _("Street"),
                    field="street",
                    help=_("Postal address; empty: the address of the dwelling of the tenant's lease."),
                ),
                Column("street2", _("Address complement"), field="street2"),
                Column("zip", _("Zip"), field="zip"),
                Column("city", _("City"), field="city"),
            ]
        if sheet == "leases":
            return [
                Column(
                    "name",
                    _("Lease reference"),
                    required=True,
                    field="name",
                    help=_("Unique reference of the lease, also the payment reference of its rent notices."),
                ),
                Column(
                    "unit",
                    _("Dwelling reference"),
                    required=True,
                    help=_("Reference of a dwelling of the sheet Dwellings, or already in Odoo."),
                ),
                Column(
                    "tenant",
                    _("Holder (tenant reference)"),
                    required=True,
                    help=_("Reference of the first tenant, of the sheet Tenants or already in Odoo."),
                ),
                Column(
                    "cotenants",
                    _("Co-tenants (tenant references)"),
                    kind="refs",
                    help=_("References of the other tenants, separated by commas."),
                ),
                Column("date_start", _("Start date"), kind="date", required=True, field="date_start"),
                Column(
                    "signature_date",
                    _("Signature date"),
                    kind="date",
                    field="signature_date",
                    help=_(
                        "Empty: the start date. It decides the payment order delay: 6 weeks for a lease signed on or "
                        "after 29/07/2023, the contractual delay before."
                    ),
                ),
                Column(
                    "date_end",
                    _("Departure date"),
                    kind="date",
                    field="date_end",
                    help=_("For a departed tenant (the lease is imported as ended) or a notice given."),
                ),
                Column(
                    "billing_mode",
                    _("Billing"),
                    kind="selection",
                    field="billing_mode",
                    selection=self._selection("housing.lease", "billing_mode"),
                    help=_("Empty: in arrears (terme échu)."),
                ),
                Column("rent_amount", _("Monthly rent"), kind="amount", required=True, field="rent_amount"),
                Column("charges_amount", _("Charges provision"), kind="amount", field="charges_amount"),
                Column("sls_amount", _("Rent supplement (SLS)"), kind="amount", field="sls_amount"),
                Column("rls_amount", _("Rent reduction (RLS)"), kind="amount", field="rls_amount"),
                Column(
                    "benefit_payer",
                    _("Benefit payer"),
                    help=_("Name or reference of the contact of the CAF or MSA, already in Odoo."),
                ),
                Column("benefit_amount", _("Monthly housing benefit (APL)"), kind="amount", field="benefit_amount"),
                Column(
                    "benefit_to_landlord",
                    _("Benefit paid to the landlord"),
                    kind="boolean",
                    field="benefit_to_landlord",
                    help=_("Yes or No; empty: Yes (tiers payant)."),
                ),
                Column(
                    "payment_order_delay",
                    _("Contractual payment order delay"),
                    kind="integer",
                    field="payment_order_delay",
                    help=_(
                        "Delay of the termination clause after a payment order, as the lease states it; empty: the "
                        "legal 6 weeks, or 2 months for a lease signed before 29/07/2023 (settings)."
                    ),
                ),
                Column(
                    "payment_order_delay_unit",
                    _("Delay unit"),
                    kind="selection",
                    field="payment_order_delay_unit",
                    selection=self._selection("housing.lease", "payment_order_delay_unit"),
                    help=_("Weeks or Months; empty: Months."),
                ),
                Column("deposit_amount", _("Security deposit"), kind="amount", field="deposit_amount"),
            ]
        if sheet == "debts":
            return [
                Column(
                    "lease",
                    _("Lease reference"),
                    required=True,
                    help=_("Reference of a lease of the sheet Leases, or already in Odoo without an opening debt."),
                ),
                Column(
                    "amount",
                    _("Amount"),
                    kind="signed",
                    required=True,
                    help=_(
                        "What the tenant owes; negative: the tenant is in credit. Several lines per lease: one per "
                        "unpaid item, so that each keeps its age."
                    ),
                ),
                Column(
                    "date_maturity",
                    _("Due date"),
                    kind="date",
                    required=True,
                    help=_("Due date of the unpaid item: the nightly detection and the doubtful debts age it from it."),
                ),
                Column("label", _("Label"), help=_("Empty: Opening balance.")),
            ]
        return []

    def _columns(self, sheet):
        """The columns of a sheet, read once per transaction and language."""
        key = (self._name, sheet, self.env.lang)
        if key not in self.env.cr.cache:
            self.env.cr.cache[key] = self._get_columns(sheet)
        return self.env.cr.cache[key]

    def _get_notes(self):
        """The paragraphs at the top of the sheet Notes."""
        return [
            _(
                "Fill one sheet per kind of record, from the second line; the first line holds the column titles "
                "(a star marks a required column). Keep the sheet names and the column titles."
            ),
            _(
                "The lines quote each other by their references: a dwelling quotes its residence code, a lease its "
                "dwelling and tenant references, an opening debt its lease reference. A reference may also be that of "
                "a record already in Odoo; the agencies, sectors and benefit payers must be set up first."
            ),
            _("Dates as dates of the spreadsheet or written DD/MM/YYYY; amounts as numbers, in euros."),
            _(
                "Check lists every bad line and writes nothing; Import writes everything, or nothing while a line is "
                "wrong."
            ),
        ]

    def _write_workbook(self, rows_by_sheet, template=False):
        """The XLSX workbook of the templates with `rows_by_sheet` ({sheet: [{column key: value}]}) and the Notes;
        `template`: the columns with choices get a drop-down list."""
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        formats = {
            "header": book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}),
            "required": book.add_format({"bold": True, "bg_color": "#F8CBAD", "border": 1, "text_wrap": True}),
            "date": book.add_format({"num_format": "dd/mm/yyyy"}),
            "amount": book.add_format({"num_format": "#,##0.00"}),
            "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        }
        for sheet in SHEETS:
            columns = self._columns(sheet)
            worksheet = book.add_worksheet(self._get_sheet_label(sheet)[:31])
            worksheet.freeze_panes(1, 0)
            for index, column in enumerate(columns):
                title = f"{column.label} *" if column.required else column.label
                worksheet.write(0, index, title, formats["required" if column.required else "header"])
                worksheet.set_column(index, index, max(14, min(len(title) + 2, 40)))
                if column.help:
                    worksheet.write_comment(0, index, column.help, {"x_scale": 2, "y_scale": 1.5})
                choices = self._column_choices(column)
                if choices and template:
                    worksheet.data_validation(
                        1, index, TEMPLATE_ROWS, index, {"validate": "list", "source": choices, "ignore_blank": True}
                    )
            for number, row in enumerate(rows_by_sheet.get(sheet, []), start=1):
                for index, column in enumerate(columns):
                    self._write_cell(worksheet, number, index, column, row.get(column.key), formats)
        self._write_notes(book, formats)
        book.close()
        return output.getvalue()

    def _write_cell(self, worksheet, number, index, column, value, formats):
        if value is None or (value is False and column.kind != "boolean"):
            return
        kind = column.kind
        if kind == "date":
            worksheet.write_datetime(number, index, datetime.combine(value, datetime.min.time()), formats["date"])
        elif kind in ("amount", "signed"):
            worksheet.write_number(number, index, value, formats["amount"])
        elif kind in ("integer", "float"):
            worksheet.write_number(number, index, value)
        elif kind == "boolean":
            worksheet.write_string(number, index, _("Yes") if value else _("No"))
        elif kind == "selection":
            worksheet.write_string(number, index, dict(column.selection).get(value, value))
        elif kind == "refs":
            worksheet.write_string(number, index, ", ".join(value))
        else:
            worksheet.write_string(number, index, str(value))

    def _write_notes(self, book, formats):
        """The sheet Notes: how to fill the workbook, then every column of every sheet and what to write in it."""
        notes = book.add_worksheet(_("How to fill in")[:31])
        for index, width in enumerate((22, 34, 12, 90)):
            notes.set_column(index, index, width)
        line = 0
        for paragraph in self._get_notes():
            notes.merge_range(line, 0, line, 3, paragraph, formats["wrap"])
            notes.set_row(line, 32)
            line += 1
        line += 1
        for index, title in enumerate((_("Sheet"), _("Column"), _("Required"), _("What to write"))):
            notes.write(line, index, title, formats["header"])
        for sheet in SHEETS:
            for column in self._columns(sheet):
                line += 1
                help_text = column.help or self._kind_help(column)
                choices = self._column_choices(column)
                if choices:
                    help_text = " ".join(
                        filter(None, [help_text, _("Choices: %(choices)s.", choices=", ".join(choices))])
                    )
                notes.write(line, 0, self._get_sheet_label(sheet))
                notes.write(line, 1, column.label)
                notes.write(line, 2, _("Yes") if column.required else "")
                notes.write(line, 3, help_text, formats["wrap"])

    def _column_choices(self, column):
        if column.kind == "selection":
            return [label for _value, label in column.selection]
        if column.kind == "boolean":
            return [_("Yes"), _("No")]
        return []

    def _kind_help(self, column):
        return {
            "date": _("A date."),
            "amount": _("An amount in euros, zero or more."),
            "signed": _("An amount in euros."),
            "integer": _("A whole number."),
            "float": _("A number."),
        }.get(column.kind, "")

    def _download(self, data, filename):
        self.write({"download_file": base64.b64encode(data), "download_filename": filename})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/download_file/{filename}?download=true",
            "target": "self",
        }

    def action_download_template(self):
        self.ensure_one()
        return self._download(self._write_workbook({}, template=True), _("portfolio_templates.xlsx"))

    # ------------------------------------------------------------------ export
    def action_export(self):
        """The company's portfolio written into the templates (to check a takeover, or to move it)."""
        self.ensure_one()
        return self._download(self._write_workbook(self._export_rows()), _("portfolio.xlsx"))

    def _export_rows(self):
        """{sheet: [row]} of the company's portfolio: its residences, dwellings, leases (not drafts), their tenants,
        and the open items of each lease's account as opening debts, each with its due date."""
        company = self.company_id
        leases = self.env["housing.lease"].search(
            [("company_id", "=", company.id), ("state", "!=", "draft")], order="unit_id, date_start, id"
        )
        units = self.env["housing.unit"].search([("company_id", "=", company.id)])
        residences = self.env["housing.residence"].search([("company_id", "=", company.id)])
        tenants = leases.partner_id | leases.cotenant_ids
        rows = {sheet: [] for sheet in SHEETS}
        for residence in residences:
            rows["residences"].append(self._export_record_row("residences", residence))
        for unit in units:
            rows["units"].append(self._export_record_row("units", unit))
        for tenant in tenants:
            rows["tenants"].append(self._export_record_row("tenants", tenant))
        for lease in leases:
            rows["leases"].append(self._export_record_row("leases", lease))
        today = fields.Date.context_today(self)
        currency = company.currency_id
        for lease, position in self.env["housing.ledger"]._get_positions(leases, today).items():
            aged = position.aged()
            if aged:
                for item, amount in aged:
                    rows["debts"].append(
                        {"lease": lease.name, "amount": currency.round(amount), "date_maturity": item.maturity}
                    )
            elif currency.compare_amounts(position.balance, 0) < 0:
                rows["debts"].append(
                    {"lease": lease.name, "amount": currency.round(position.balance), "date_maturity": today}
                )
        return rows

    def _tenant_key(self, partner):
        return partner.ref or f"ODOO-{partner.id}"

    def _residence_key(self, residence):
        return residence.code or residence.name

    def _export_record_row(self, sheet, record):
        """The row of a record: the columns with a field as they are, the references by their keys."""
        row = {}
        for column in self._columns(sheet):
            if column.field and column.field in record._fields:
                value = record[column.field]
                if column.kind == "boolean" or value not in (False, ""):
                    row[column.key] = value
        if sheet == "residences":
            row.update(
                code=self._residence_key(record),
                agency=record.agency_id.code or record.agency_id.name,
                sector=record.sector_id.code or record.sector_id.name or None,
            )
        elif sheet == "units":
            residence = record.residence_id
            row["residence"] = self._residence_key(residence) if residence else None
            for fname in ("street", "zip", "city"):
                if residence and record[fname] == residence[fname]:
                    row.pop(fname, None)
        elif sheet == "tenants":
            row["ref"] = self._tenant_key(record)
        elif sheet == "leases":
            row.update(
                unit=record.unit_id.name,
                tenant=self._tenant_key(record.partner_id),
                cotenants=[self._tenant_key(partner) for partner in record.cotenant_ids] or None,
                benefit_payer=(record.benefit_payer_id.ref or record.benefit_payer_id.name) or None,
            )
        return row

    # ------------------------------------------------------------------ reading the workbook
    def _read_workbook(self):
        """{sheet: [header cells, (line number, [cells])...]} of the uploaded workbook, by the names of its sheets."""
        self.ensure_one()
        data = base64.b64decode(self.file or b"")
        if not data:
            raise UserError(_("Upload the workbook first (the templates, filled)."))
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises several kinds of errors on a file that is not XLSX
            raise UserError(_("The file cannot be read as an Excel (XLSX) workbook: %(error)s", error=error)) from error
        names = {}
        for sheet in SHEETS:
            names[normalize(self._get_sheet_label(sheet))] = sheet
            names[normalize(self.with_context(lang="en_US")._get_sheet_label(sheet))] = sheet
            names[normalize(sheet)] = sheet
        found = {}
        for worksheet in book.worksheets:
            sheet = names.get(normalize(worksheet.title))
            if not sheet or sheet in found:
                continue
            rows = list(worksheet.iter_rows(values_only=True))
            body = [
                (number, list(row))
                for number, row in enumerate(rows[1:], start=2)
                if any(cell_text(value) for value in row)
            ]
            found[sheet] = (list(rows[0]) if rows else [], body)
        book.close()
        return found

    def _parse_sheet(self, sheet, content, errors):
        """[(line, {column key: value})] of a sheet; the bad cells are reported and left out of their row."""
        label = self._get_sheet_label(sheet)
        if content is None:
            errors.append((label, 0, "", _("The sheet « %(sheet)s » is missing from the workbook.", sheet=label)))
            return []
        header, body = content
        columns = self._columns(sheet)
        aliases, choices = {}, defaultdict(dict)
        for column, english in zip(columns, self.with_context(lang="en_US")._columns(sheet), strict=True):
            for name in (column.label, english.label, column.key):
                aliases.setdefault(normalize(name), column)
            for value, name in column.selection + english.selection:
                choices[column.key].setdefault(normalize(value), value)
                choices[column.key].setdefault(normalize(name), value)
        positions = {}
        for index, title in enumerate(header):
            text = cell_text(title)
            if not text:
                continue
            column = aliases.get(normalize(text))
            if not column:
                errors.append((label, 1, text, _("Unknown column: keep the titles of the template.")))
            elif column.key in positions:
                errors.append((label, 1, text, _("This column is twice in the sheet.")))
            else:
                positions[column.key] = index
        for column in columns:
            if column.required and column.key not in positions:
                errors.append(
                    (label, 1, column.label, _("Required column missing: add it with this title.")),
                )
        parsed = []
        for number, cells in body:
            row = {}
            for column in columns:
                index = positions.get(column.key)
                value = cells[index] if index is not None and index < len(cells) else None
                if not cell_text(value):
                    if column.required and index is not None:
                        errors.append((label, number, column.label, _("Value missing.")))
                    continue
                result, message = self._parse_value(column, value, choices[column.key])
                if message:
                    errors.append((label, number, column.label, message))
                else:
                    row[column.key] = result
            parsed.append((number, row))
        return parsed

    def _parse_value(self, column, value, choices=None):
        """(value, None) or (None, what is wrong). `choices`: {normalized name: value} of a selection column."""
        text = cell_text(value)
        if column.kind == "date":
            return self._parse_date(value, text)
        if column.kind in ("amount", "signed", "float", "integer"):
            return self._parse_number(column, value, text)
        if column.kind == "selection":
            if normalize(text) in choices:
                return choices[normalize(text)], None
            return None, _(
                "« %(value)s » is not one of the choices: %(choices)s.",
                value=text,
                choices=", ".join(label for _key, label in column.selection),
            )
        if column.kind == "boolean":
            word = normalize(text)
            if word in {normalize(_("Yes")), "yes", "oui", "1", "true", "vrai", "x"}:
                return True, None
            if word in {normalize(_("No")), "no", "non", "0", "false", "faux"}:
                return False, None
            return None, _("« %(value)s »: write Yes or No.", value=text)
        if column.kind == "refs":
            return [part.strip() for part in re.split(r"[,;]", text) if part.strip()], None
        return text, None

    def _parse_date(self, value, text):
        if isinstance(value, datetime):
            return value.date(), None
        if isinstance(value, date):
            return value, None
        for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                return datetime.strptime(text, pattern).date(), None
            except ValueError:
                continue
        return None, _("« %(value)s » is not a date: write it DD/MM/YYYY.", value=text)

    def _parse_number(self, column, value, text):
        number = None
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        elif not isinstance(value, bool):
            clean = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("€", "")
            if "," in clean:
                clean = clean.replace(".", "").replace(",", ".")
            try:
                number = float(clean)
            except ValueError:
                number = None
        if number is None:
            return None, _("« %(value)s » is not a number.", value=text)
        if column.kind == "integer":
            if not number.is_integer():
                return None, _("« %(value)s » is not a whole number.", value=text)
            return int(number), None
        if column.kind == "amount" and number < 0:
            return None, _("The amount cannot be negative (%(value)s).", value=text)
        if column.kind in ("amount", "signed"):
            number = self.company_id.currency_id.round(number)
        return number, None

    # ------------------------------------------------------------------ checking the portfolio
    def _check_file(self):
        """(errors, plan): every bad line of the workbook [(sheet, line, column, message)], and what to create."""
        self.ensure_one()
        errors = []
        content = self._read_workbook()
        data = {sheet: self._parse_sheet(sheet, content.get(sheet), errors) for sheet in SHEETS}
        plan = {"data": data}
        self._check_residences(data, plan, errors)
        self._check_units(data, plan, errors)
        self._check_tenants(data, plan, errors)
        self._check_leases(data, plan, errors)
        self._check_debts(data, plan, errors)
        order = {self._get_sheet_label(sheet): index for index, sheet in enumerate(SHEETS)}
        errors.sort(key=lambda error: (order.get(error[0], 0), error[1]))
        return errors, plan

    def _duplicates(self, sheet, rows, key, column_label, existing, errors, what):
        """{key: line} of the first line of each key; the lines repeating a key, or quoting one already in Odoo,
        reported."""
        label = self._get_sheet_label(sheet)
        first = {}
        for number, row in rows:
            value = row.get(key)
            if not value:
                continue
            if value in first:
                errors.append(
                    (
                        label,
                        number,
                        column_label,
                        _("« %(key)s » is already on line %(line)s.", key=value, line=first[value]),
                    )
                )
                row["_skip"] = True
            elif value in existing:
                errors.append(
                    (
                        label,
                        number,
                        column_label,
                        _("%(what)s « %(key)s » already exists in Odoo.", what=what, key=value),
                    )
                )
                row["_skip"] = True
                first[value] = number
            else:
                first[value] = number
        return first

    def _column_label(self, sheet, key):
        return next(column.label for column in self._columns(sheet) if column.key == key)

    def _check_residences(self, data, plan, errors):
        company = self.company_id
        sheet, label = "residences", self._get_sheet_label("residences")
        rows = data[sheet]
        codes = {row["code"] for _n, row in rows if row.get("code")} | {
            row["residence"] for _n, row in data["units"] if row.get("residence")
        }
        existing = {
            residence.code: residence
            for residence in self.env["housing.residence"]
            .with_context(active_test=False)
            .search([("company_id", "=", company.id), ("code", "in", list(codes))])
        }
        plan["residences_db"] = existing
        self._duplicates(sheet, rows, "code", self._column_label(sheet, "code"), existing, errors, _("The residence"))
        agencies = self.env["housing.agency"].with_context(active_test=False).search([("company_id", "=", company.id)])
        by_agency = {}
        for agency in agencies:
            for name in (agency.name, agency.code):
                if name:
                    by_agency.setdefault(normalize(name), agency)
        by_sector = {}
        for sector in agencies.sector_ids.with_context(active_test=False):
            for name in (sector.name, sector.code):
                if name:
                    by_sector.setdefault((sector.agency_id.id, normalize(name)), sector)
        plan["residences"] = {}
        for number, row in rows:
            agency = by_agency.get(normalize(row.get("agency"))) if row.get("agency") else None
            if row.get("agency") and not agency:
                errors.append(
                    (
                        label,
                        number,
                        self._column_label(sheet, "agency"),
                        _(
                            "Unknown agency « %(agency)s »: set it up first (Configuration > Agencies).",
                            agency=row["agency"],
                        ),
                    )
                )
            sector = None
            if agency and row.get("sector"):
                sector = by_sector.get((agency.id, normalize(row["sector"])))
                if not sector:
                    errors.append(
                        (
                            label,
                            number,
                            self._column_label(sheet, "sector"),
                            _(
                                "Unknown sector « %(sector)s » in the agency %(agency)s.",
                                sector=row["sector"],
                                agency=agency.name,
                            ),
                        )
                    )
            if row.get("_skip") or not row.get("code"):
                continue
            vals = self._field_vals(sheet, row)
            vals.update(agency_id=agency.id if agency else False, sector_id=sector.id if sector else False)
            plan["residences"][row["code"]] = vals

    def _field_vals(self, sheet, row):
        return {column.field: row[column.key] for column in self._columns(sheet) if column.field and column.key in row}

    def _check_units(self, data, plan, errors):
        company = self.company_id
        sheet, label = "units", self._get_sheet_label("units")
        rows = data[sheet]
        names = {row["name"] for _n, row in rows if row.get("name")} | {
            row["unit"] for _n, row in data["leases"] if row.get("unit")
        }
        existing = {
            unit.name: unit
            for unit in self.env["housing.unit"]
            .with_context(active_test=False)
            .search([("company_id", "=", company.id), ("name", "in", list(names))])
        }
        plan["units_db"] = existing
        self._duplicates(sheet, rows, "name", self._column_label(sheet, "name"), existing, errors, _("The dwelling"))
        known = set(plan["residences"]) | set(plan["residences_db"])
        residence_codes = {row["code"] for _n, row in data["residences"] if row.get("code")}
        plan["units"] = {}
        for number, row in rows:
            code = row.get("residence")
            if code and code not in known and code not in residence_codes:
                errors.append(
                    (
                        label,
                        number,
                        self._column_label(sheet, "residence"),
                        _("Unknown residence « %(code)s »: add it to the sheet Residences.", code=code),
                    )
                )
            if row.get("_skip") or not row.get("name"):
                continue
            plan["units"][row["name"]] = (self._field_vals(sheet, row), code)

    def _check_tenants(self, data, plan, errors):
        company = self.company_id
        sheet = "tenants"
        rows = data[sheet]
        refs = {row["ref"] for _n, row in rows if row.get("ref")}
        for _n, row in data["leases"]:
            refs |= {row.get("tenant")} | set(row.get("cotenants") or [])
        refs.discard(None)
        # the tenants of the company: its contacts, and the shared contacts who hold one of its leases
        Partner = self.env["res.partner"].with_context(active_test=False)
        leases = (
            self.env["housing.lease"]
            .with_context(active_test=False)
            .search(
                [
                    ("company_id", "=", company.id),
                    "|",
                    ("partner_id.ref", "in", list(refs)),
                    ("cotenant_ids.ref", "in", list(refs)),
                ]
            )
        )
        partners = Partner.search([("ref", "in", list(refs)), ("company_id", "=", company.id)])
        partners |= (leases.partner_id | leases.cotenant_ids).filtered(lambda partner: partner.ref in refs)
        existing = defaultdict(lambda: self.env["res.partner"])
        for partner in partners:
            existing[partner.ref] |= partner
        plan["tenants_db"] = dict(existing)
        self._duplicates(sheet, rows, "ref", self._column_label(sheet, "ref"), existing, errors, _("The tenant"))
        plan["tenants"] = {
            row["ref"]: self._field_vals(sheet, row) for _n, row in rows if row.get("ref") and not row.get("_skip")
        }

    def _check_leases(self, data, plan, errors):
        company = self.company_id
        sheet, label = "leases", self._get_sheet_label("leases")
        rows = data[sheet]
        names = {row["name"] for _n, row in rows if row.get("name")} | {
            row["lease"] for _n, row in data["debts"] if row.get("lease")
        }
        existing = {
            lease.name: lease
            for lease in self.env["housing.lease"]
            .with_context(active_test=False)
            .search([("company_id", "=", company.id), ("name", "in", list(names))])
        }
        plan["leases_db"] = existing
        self._duplicates(sheet, rows, "name", self._column_label(sheet, "name"), existing, errors, _("The lease"))
        # the leases already on the dwellings, for the overlaps
        periods = defaultdict(list)
        for lease in (
            self.env["housing.lease"]
            .with_context(active_test=False)
            .search([("unit_id", "in", [unit.id for unit in plan["units_db"].values()]), ("state", "!=", "draft")])
        ):
            periods[lease.unit_id.name].append((lease.date_start, lease.date_end, lease.name, None))
        known = {
            "units": set(plan["units_db"]) | {row["name"] for _n, row in data["units"] if row.get("name")},
            "tenants": {row["ref"] for _n, row in data["tenants"] if row.get("ref")},
            "payers": self._find_payers({row["benefit_payer"] for _n, row in rows if row.get("benefit_payer")}),
            "periods": periods,
        }
        today = fields.Date.context_today(self)
        plan["leases"] = {}
        for number, row in rows:
            row_errors = list(self._lease_errors(number, row, plan, known))
            errors += [(label, number, self._column_label(sheet, key), message) for key, message in row_errors]
            if row_errors or row.get("_skip") or not row.get("name"):
                continue
            vals = self._field_vals(sheet, row)
            if row.get("payment_order_delay") is not None and not row.get("payment_order_delay_unit"):
                vals["payment_order_delay_unit"] = "months"
            end = row.get("date_end")
            vals["state"] = "ended" if end and end < today else "active"
            if row.get("benefit_payer"):
                vals["benefit_payer_id"] = known["payers"][normalize(row["benefit_payer"])].id
            plan["leases"][row["name"]] = (vals, row.get("unit"), row.get("tenant"), row.get("cotenants") or [])

    def _lease_errors(self, number, row, plan, known):
        """(column key, what is wrong) of a line of the sheet Leases."""
        yield from self._lease_reference_errors(row, plan, known)
        yield from self._lease_amount_errors(row)
        yield from self._lease_payer_errors(row, known)
        yield from self._lease_delay_errors(row)
        yield from self._lease_overlap_errors(number, row, known)

    def _lease_reference_errors(self, row, plan, known):
        unit = row.get("unit")
        if unit and unit not in known["units"]:
            yield "unit", _("Unknown dwelling « %(unit)s »: add it to the sheet Dwellings.", unit=unit)
        cotenants = row.get("cotenants") or []
        for key, refs in (("tenant", [row.get("tenant")]), ("cotenants", cotenants)):
            for ref in filter(None, refs):
                found = plan["tenants_db"].get(ref)
                if ref in known["tenants"]:
                    continue
                if not found:
                    yield key, _("Unknown tenant « %(ref)s »: add them to the sheet Tenants.", ref=ref)
                elif len(found) > 1:
                    yield key, _("Several contacts have the reference « %(ref)s » in Odoo.", ref=ref)
        if row.get("tenant") in cotenants or len(set(cotenants)) < len(cotenants):
            yield "cotenants", _("A tenant is quoted twice on the lease.")
        start, end = row.get("date_start"), row.get("date_end")
        if start and end and end < start:
            yield "date_end", _("The departure date is before the start date.")

    def _lease_amount_errors(self, row):
        currency = self.company_id.currency_id
        rent = row.get("rent_amount")
        if rent is None:
            return
        if currency.compare_amounts(rent, 0) <= 0:
            yield "rent_amount", _("The monthly rent must be greater than zero.")
        if currency.compare_amounts(row.get("benefit_amount") or 0.0, rent + (row.get("charges_amount") or 0.0)) > 0:
            yield "benefit_amount", _("The housing benefit cannot exceed the rent plus charges.")
        if currency.compare_amounts(row.get("rls_amount") or 0.0, rent) > 0:
            yield "rls_amount", _("The rent reduction (RLS) cannot exceed the rent.")

    def _lease_payer_errors(self, row, known):
        name = row.get("benefit_payer")
        if not name:
            if row.get("benefit_amount") and row.get("benefit_to_landlord", True):
                yield (
                    "benefit_payer",
                    _("The housing benefit is paid to the landlord: give its payer (CAF or MSA)."),
                )
            return
        payer = known["payers"].get(normalize(name))
        if not payer:
            yield (
                "benefit_payer",
                _(
                    "Unknown benefit payer « %(payer)s »: create the contact of the CAF or MSA first (a company, with "
                    "this name or reference).",
                    payer=name,
                ),
            )
        elif len(payer) > 1:
            yield "benefit_payer", _("Several companies are called « %(payer)s ».", payer=name)

    def _lease_delay_errors(self, row):
        company = self.company_id
        delay, unit = row.get("payment_order_delay"), row.get("payment_order_delay_unit")
        if delay is None:
            if unit:
                yield "payment_order_delay", _("Give the delay with its unit.")
            return
        law_date = company.housing_law_2023_date or LAW_2023_DATE
        weeks = company.housing_payment_order_weeks or 6
        signed = row.get("signature_date") or row.get("date_start")
        if delay < 1:
            yield "payment_order_delay", _("The payment order delay must be at least 1.")
        elif signed and signed >= law_date and delay * (7 if unit == "weeks" else 28) < 7 * weeks:
            yield (
                "payment_order_delay",
                _(
                    "The lease was signed on or after %(law)s: its payment order delay is at least the legal %(weeks)s "
                    "weeks.",
                    law=law_date.strftime("%d/%m/%Y"),
                    weeks=weeks,
                ),
            )

    def _lease_overlap_errors(self, number, row, known):
        """A dwelling has one lease at a time: the earlier lines and the leases already in Odoo."""
        unit, start, end = row.get("unit"), row.get("date_start"), row.get("date_end")
        if not (unit and start):
            return
        periods = known["periods"][unit]
        for other_start, other_end, other, other_line in periods:
            if (not other_end or other_end >= start) and (not end or end >= other_start):
                yield (
                    "date_start",
                    _(
                        "The lease overlaps the lease %(other)s%(where)s on the dwelling %(unit)s: a dwelling has one "
                        "lease at a time.",
                        other=other,
                        where=_(" (line %(line)s)", line=other_line) if other_line else "",
                        unit=unit,
                    ),
                )
                break
        periods.append((start, end, row.get("name") or "", number))

    def _find_payers(self, names):
        """{normalized name or reference: partners} of the companies that may pay a housing benefit."""
        if not names:
            return {}
        partners = self.env["res.partner"].search(
            [
                ("is_company", "=", True),
                ("company_id", "in", [self.company_id.id, False]),
                "|",
                ("name", "in", list(names)),
                ("ref", "in", list(names)),
            ]
        )
        found = defaultdict(lambda: self.env["res.partner"])
        for partner in partners:
            for name in {partner.name, partner.ref} & names:
                found[normalize(name)] |= partner
        return found

    def _check_debts(self, data, plan, errors):
        sheet, label = "debts", self._get_sheet_label("debts")
        col = lambda key: self._column_label(sheet, key)  # noqa: E731
        currency = self.company_id.currency_id
        lease_names = {row["name"] for _n, row in data["leases"] if row.get("name")}
        db_leases = self.env["housing.lease"].browse([lease.id for lease in plan["leases_db"].values()])
        opened = set()
        if db_leases:
            lines = (
                self.env["account.move.line"]
                .sudo()
                .search([("housing_lease_id", "in", db_leases.ids), ("move_id.housing_move_kind", "=", "opening")])
            )
            opened = set(lines.housing_lease_id.mapped("name"))
        plan["debts"] = []
        for number, row in data[sheet]:
            lease = row.get("lease")
            bad = False
            if lease and lease not in lease_names and lease not in plan["leases_db"]:
                bad = True
                errors.append(
                    (
                        label,
                        number,
                        col("lease"),
                        _("Unknown lease « %(lease)s »: add it to the sheet Leases.", lease=lease),
                    )
                )
            elif lease in opened and lease not in lease_names:
                bad = True
                errors.append(
                    (
                        label,
                        number,
                        col("lease"),
                        _("The lease « %(lease)s » already has an opening debt.", lease=lease),
                    )
                )
            if "amount" in row and currency.is_zero(row["amount"]):
                bad = True
                errors.append((label, number, col("amount"), _("The amount is zero.")))
            if bad or not all(row.get(key) is not None for key in ("lease", "amount", "date_maturity")):
                continue
            plan["debts"].append((lease, row["amount"], row["date_maturity"], row.get("label")))
        if plan["debts"] and not self.opening_account_id:
            errors.append((label, 0, "", _("Choose the opening account, the counterpart of the opening debts.")))
        if plan["debts"] and not self.journal_id:
            errors.append((label, 0, "", _("Choose the journal of the opening entries.")))

    def _summary(self, plan):
        total = sum(amount for _lease, amount, _maturity, _label in plan["debts"])
        return _(
            "%(residences)s residences, %(units)s dwellings, %(tenants)s tenants, %(leases)s leases, "
            "%(debts)s opening debts (total %(total)s).",
            residences=len(plan["residences"]),
            units=len(plan["units"]),
            tenants=len(plan["tenants"]),
            leases=len(plan["leases"]),
            debts=len(plan["debts"]),
            total=format_amount(self.env, total, self.company_id.currency_id),
        )

    def _store_report(self, errors, plan):
        self.error_ids = [Command.clear()] + [
            Command.create({"sequence": index, "sheet": sheet, "line": line, "column": column, "message": message})
            for index, (sheet, line, column, message) in enumerate(errors)
        ]
        if errors:
            self.write(
                {
                    "state": "errors",
                    "summary": _(
                        "%(count)s errors: correct the workbook and check it again. Nothing was imported.",
                        count=len(errors),
                    ),
                }
            )
        else:
            self.write({"state": "valid", "summary": _("The workbook is clean: %(what)s", what=self._summary(plan))})

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Import a portfolio"),
        }

    def action_check(self):
        """List every bad line of the workbook; nothing is written."""
        self.ensure_one()
        errors, plan = self._check_file()
        self._store_report(errors, plan)
        return self._reopen()

    def action_import(self):
        """Check the workbook again and, when it is clean, create the whole portfolio; otherwise list the bad lines
        and write nothing."""
        self.ensure_one()
        errors, plan = self._check_file()
        if errors:
            self._store_report(errors, plan)
            return self._reopen()
        self._import_plan(plan)
        self.write(
            {
                "state": "done",
                "error_ids": [Command.clear()],
                "summary": _("Imported: %(what)s", what=self._summary(plan)),
            }
        )
        return self._reopen()

    # ------------------------------------------------------------------ writing
    def _import_plan(self, plan):
        """Create the portfolio: one create per model, then the opening entries. Returns the leases created."""
        company = self.company_id
        context = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}
        Residence = self.env["housing.residence"].with_context(**context)
        codes = list(plan["residences"])
        residences = dict(plan["residences_db"])
        residences.update(zip(codes, Residence.create([plan["residences"][code] for code in codes])))
        names = list(plan["units"])
        unit_vals = []
        for name in names:
            vals, code = plan["units"][name]
            residence = residences[code]
            # the address of the residence unless the line gives its own (the three fields are computed together)
            address = {fname: vals.get(fname) or residence[fname] for fname in ("street", "zip", "city")}
            unit_vals.append({**vals, **address, "residence_id": residence.id})
        units = dict(plan["units_db"])
        units.update(zip(names, self.env["housing.unit"].with_context(**context).create(unit_vals)))
        # a tenant without an address gets the one of the dwelling of their lease
        dwelling_of = {}
        for _vals, unit, holder, cotenants in plan["leases"].values():
            for ref in [holder, *cotenants]:
                dwelling_of.setdefault(ref, units[unit])
        refs = list(plan["tenants"])
        tenant_vals = []
        for ref in refs:
            vals = {**plan["tenants"][ref], "company_id": company.id}
            unit = dwelling_of.get(ref)
            if unit and not any(vals.get(fname) for fname in ("street", "zip", "city")):
                vals.update(
                    street=unit.street,
                    street2=unit.street2,
                    zip=unit.zip,
                    city=unit.city,
                    country_id=unit.company_id.country_id.id,
                )
            tenant_vals.append(vals)
        tenants = {ref: partners[:1] for ref, partners in plan["tenants_db"].items()}
        tenants.update(
            zip(refs, self.env["res.partner"].sudo().with_context(**context).create(tenant_vals).with_env(self.env))
        )
        lease_names = list(plan["leases"])
        lease_vals = []
        for name in lease_names:
            vals, unit, holder, cotenants = plan["leases"][name]
            lease_vals.append(
                {
                    **vals,
                    "unit_id": units[unit].id,
                    "partner_id": tenants[holder].id,
                    "cotenant_ids": [Command.set([tenants[ref].id for ref in cotenants])],
                }
            )
        created = self.env["housing.lease"].with_context(**context).create(lease_vals)
        leases = dict(plan["leases_db"])
        leases.update(zip(lease_names, created))
        self._post_opening_debts(plan["debts"], leases)
        return created

    def _post_opening_debts(self, debts, leases):
        """The opening debts as posted entries against the tenants' receivable, a few hundred leases per entry:
        each debt a receivable line of the lease's tenant, with the lease and its due date."""
        if not debts:
            return self.env["account.move"]
        rows = [
            {
                "lease": leases[lease],
                "amount": -amount,
                "account": self.opening_account_id,
                "label": label or _("Opening balance"),
                "maturity": maturity,
            }
            for lease, amount, maturity, label in debts
        ]
        chunks = [rows[start : start + OPENING_ENTRY_ROWS] for start in range(0, len(rows), OPENING_ENTRY_ROWS)]
        moves = self.env["account.move"]
        Ledger = self.env["housing.ledger"].with_context(tracking_disable=True)
        for index, chunk in enumerate(chunks, start=1):
            moves |= Ledger._post_entry(
                self.company_id,
                "opening",
                self.opening_date,
                _("Opening balances of the tenants (%(part)s/%(parts)s)", part=index, parts=len(chunks)),
                chunk,
                journal=self.journal_id,
            )
        return moves
