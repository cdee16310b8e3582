import unicodedata

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# (field, required): the columns of a benefit payer's monthly statement
COLUMNS = [
    ("col_allocataire", True),
    ("col_name", False),
    ("col_period", False),
    ("col_apl", True),
    ("col_rls", False),
    ("col_back_payment", False),
    ("col_overpayment", False),
]


def normalize_title(title):
    """A column title compared without accents, case, spaces or punctuation."""
    text = unicodedata.normalize("NFKD", str(title or "")).encode("ascii", "ignore").decode().lower()
    return "".join(char for char in text if char.isalnum())


class HousingBenefitStatementFormat(models.Model):
    """How a benefit payer's monthly statement is laid out: the payers' exports differ, so the column of each
    figure is a setting."""

    _name = "housing.benefit.statement.format"
    _description = "Benefit Statement Format"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    payer_ids = fields.Many2many(
        "res.partner",
        string="Benefit Payers",
        help="Payers (CAF, MSA) whose statements use this format: it is proposed when their statement is imported.",
    )
    file_type = fields.Selection([("csv", "CSV"), ("xlsx", "Excel (XLSX)")], required=True, default="csv")
    csv_delimiter = fields.Char(string="CSV Separator", default=";", size=1)
    csv_encoding = fields.Selection(
        [("utf-8-sig", "UTF-8"), ("cp1252", "Windows (CP1252)"), ("latin-1", "ISO-8859-1")],
        string="CSV Encoding",
        default="utf-8-sig",
    )
    header_row = fields.Integer(default=1, help="Number of the row that holds the column titles.")
    decimal_separator = fields.Selection([(",", "Comma (12,50)"), (".", "Point (12.50)")], default=",", required=True)
    period_format = fields.Char(
        default="%m/%Y",
        help="How the period column writes a month, in Python notation: %m/%Y for 04/2026, %Y-%m for 2026-04.",
    )
    col_allocataire = fields.Char(string="Allocataire Number Column", required=True, default="Numéro allocataire")
    col_name = fields.Char(string="Name Column", default="Nom allocataire")
    col_period = fields.Char(string="Period Column", default="Période")
    col_apl = fields.Char(string="Housing Benefit Column", required=True, default="Montant APL")
    col_rls = fields.Char(string="RLS Column", default="RLS")
    col_back_payment = fields.Char(string="Back Payment Column", default="Rappel")
    col_overpayment = fields.Char(string="Overpayment Column", default="Indu")

    @api.constrains("header_row", "csv_delimiter", "file_type", *[column for column, _required in COLUMNS])
    def _check_format(self):
        for statement_format in self:
            if statement_format.header_row < 1:
                raise ValidationError(_("The header row is a row number, from 1."))
            if statement_format.file_type == "csv" and not statement_format.csv_delimiter:
                raise ValidationError(_("Choose the separator of the CSV columns."))
            titles = [
                normalize_title(statement_format[column]) for column, _required in COLUMNS if statement_format[column]
            ]
            if len(titles) != len(set(titles)):
                raise ValidationError(
                    _("Format %(format)s: two figures are read from the same column.", format=statement_format.name)
                )

    def _column_map(self, header):
        """{field: column index} from the header row; a clear error naming a missing column."""
        self.ensure_one()
        positions = {normalize_title(title): index for index, title in enumerate(header) if normalize_title(title)}
        mapping = {}
        missing = []
        for column, required in COLUMNS:
            title = self[column]
            if not title:
                continue
            index = positions.get(normalize_title(title))
            if index is None:
                if required:
                    missing.append(title)
                continue
            mapping[column] = index
        if missing:
            raise ValidationError(
                _(
                    "Line %(line)s: the column(s) %(columns)s are not in the header of the file. Check the format "
                    "%(format)s (Configuration > Benefit Statement Formats) or the file.",
                    line=self.header_row,
                    columns=", ".join(f"« {title} »" for title in missing),
                    format=self.name,
                )
            )
        return mapping
