from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date


class HousingInsertionHours(models.Model):
    """The hours one hired person worked in one month under the clause, declared with the supporting document
    (payslip, timesheet, mission statement)."""

    _name = "housing.insertion.hours"
    _description = "Monthly Insertion Hours"
    _order = "month desc, id desc"
    _check_company_auto = True

    # not check_company: the company of the line is the hire's (related), so Odoo's company domain would offer a new
    # line only the hires without a company, that is none; the hires of the allowed companies are offered instead
    hire_id = fields.Many2one(
        "housing.insertion.hire",
        required=True,
        ondelete="cascade",
        index=True,
        domain="[('company_id', 'in', allowed_company_ids)]",
    )
    clause_id = fields.Many2one(related="hire_id.clause_id", store=True, index=True)
    company_id = fields.Many2one(related="hire_id.company_id", store=True, index=True)
    month = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="Month of the hours; stored as its first day.",
    )
    hours = fields.Float(required=True, digits=(6, 2))
    document = fields.Binary(string="Supporting Document", attachment=True)
    document_name = fields.Char()
    has_document = fields.Boolean(string="Proof Attached", compute="_compute_has_document", store=True)
    note = fields.Char()

    _sql_constraints = [
        (
            "hire_month_uniq",
            "unique(hire_id, month)",
            "The hours of a month are declared once per hire: correct the existing line.",
        ),
    ]

    @api.depends("document")
    def _compute_has_document(self):
        for line in self:
            line.has_document = bool(line.document)

    @api.depends("hire_id", "month")
    def _compute_display_name(self):
        for line in self:
            month = format_date(self.env, line.month, date_format="MMMM y") if line.month else ""
            line.display_name = " - ".join(filter(None, (line.hire_id.partner_id.name, month)))

    # ------------------------------------------------------------------ constraints
    @api.constrains("hours", "hire_id")
    def _check_hours(self):
        for line in self:
            maximum = line.company_id.housing_insertion_max_monthly_hours
            if line.hours <= 0:
                raise ValidationError(_("The hours declared for a month must be greater than zero."))
            if line.hours > maximum:
                raise ValidationError(
                    _(
                        "%(hours)s hours in one month for %(person)s is more than the plausible maximum of "
                        "%(maximum)s hours: check the supporting document.",
                        hours=tools.formatLang(self.env, line.hours, digits=2),
                        person=line.hire_id.partner_id.name,
                        maximum=tools.formatLang(self.env, maximum, digits=2),
                    )
                )

    @api.constrains("month")
    def _check_month_not_future(self):
        """Hours are declared once worked: the current month at the latest."""
        this_month = fields.Date.context_today(self).replace(day=1)
        future = self.filtered(lambda line: line.month > this_month)
        if future:
            raise ValidationError(
                _(
                    "Hours of %(month)s cannot be declared yet: hours are declared once worked, for the current "
                    "month at the latest.",
                    month=format_date(self.env, future[0].month, date_format="MMMM y"),
                )
            )

    @api.constrains("month", "hire_id")
    def _check_month_in_hire(self):
        for line in self:
            hire = line.hire_id
            month_end = line.month + relativedelta(day=31)
            if month_end >= hire.date_start and not (hire.date_end and line.month > hire.date_end):
                continue
            month = format_date(self.env, line.month, date_format="MMMM y")
            if hire.date_end:
                raise ValidationError(
                    _(
                        "Hours of %(month)s cannot be declared for %(person)s: the hire runs from %(start)s "
                        "to %(end)s.",
                        month=month,
                        person=hire.partner_id.name,
                        start=format_date(self.env, hire.date_start),
                        end=format_date(self.env, hire.date_end),
                    )
                )
            raise ValidationError(
                _(
                    "Hours of %(month)s cannot be declared for %(person)s: the hire starts on %(start)s.",
                    month=month,
                    person=hire.partner_id.name,
                    start=format_date(self.env, hire.date_start),
                )
            )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_month(vals)
        hires = self.env["housing.insertion.hire"].browse([vals.get("hire_id") for vals in vals_list])
        self._check_clause_open(hires.clause_id)
        return super().create(vals_list)

    def write(self, vals):
        self._normalize_month(vals)
        self._check_clause_open(self.clause_id)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed(self):
        self._check_clause_open(self.clause_id)

    @api.model
    def _normalize_month(self, vals):
        if vals.get("month"):
            vals["month"] = fields.Date.to_date(vals["month"]).replace(day=1)

    @api.model
    def _check_clause_open(self, clauses):
        if clauses.filtered(lambda clause: clause.state == "closed"):
            raise UserError(_("The hours of a closed insertion clause cannot be changed: reopen it first."))
