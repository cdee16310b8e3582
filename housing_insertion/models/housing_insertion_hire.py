from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from .res_partner import SIAE_KINDS

CONTRACT_KINDS = [
    ("cddi", "Insertion fixed-term contract (CDDI)"),
    ("cdd", "Fixed-term contract (CDD)"),
    ("cdi", "Permanent contract (CDI)"),
    ("mission", "Temporary work mission"),
    ("professionalisation", "Professionalisation contract"),
    ("apprenticeship", "Apprenticeship contract"),
    ("other", "Other"),
]
OUTCOMES = [
    ("sustainable_job", "Sustainable job (CDI, or CDD of 6 months or more)"),
    ("transition_job", "Transition job (shorter CDD or mission)"),
    ("training", "Qualifying training"),
    ("job_seeker", "Back to job seeking"),
    ("other", "Other or unknown"),
]
# candidates the facilitator has received: the only ones an employer may hire
HIREABLE_STATES = ("sent", "proposed", "hired", "ended")


class HousingInsertionHire(models.Model):
    """A referred person hired on an order carrying an insertion clause, by the supplier or by an insertion
    structure working for it; the hours worked are declared month by month with their supporting document."""

    _name = "housing.insertion.hire"
    _description = "Insertion Hire"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name"]

    name = fields.Char(compute="_compute_name", store=True, index="trigram")
    candidate_id = fields.Many2one(
        "housing.insertion.candidate",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
        check_company=True,
    )
    partner_id = fields.Many2one(related="candidate_id.partner_id", store=True, index=True, string="Person")
    lease_id = fields.Many2one(related="candidate_id.lease_id", store=True, index="btree_not_null")
    agency_id = fields.Many2one(related="candidate_id.agency_id", store=True, index=True)
    clause_id = fields.Many2one(
        "housing.insertion.clause",
        string="Insertion Clause",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
        check_company=True,
        domain="[('state', '=', 'open')]",
    )
    order_id = fields.Many2one(related="clause_id.order_id", store=True, index=True, string="Purchase Order")
    supplier_id = fields.Many2one(related="clause_id.partner_id", store=True, string="Supplier")
    housing_residence_id = fields.Many2one(related="clause_id.housing_residence_id", store=True, string="Residence")
    company_id = fields.Many2one(related="clause_id.company_id", store=True, index=True)
    employer_id = fields.Many2one(
        "res.partner",
        required=True,
        tracking=True,
        help="The supplier itself, or the insertion structure that employs the person and works for it.",
    )
    employer_kind = fields.Selection(related="employer_id.commercial_partner_id.insertion_structure_kind")
    contract_kind = fields.Selection(CONTRACT_KINDS, required=True, default="cddi", tracking=True)
    date_start = fields.Date(string="Start", required=True, tracking=True)
    date_end = fields.Date(string="End", tracking=True)
    state = fields.Selection(
        [("running", "Running"), ("ended", "Ended")],
        string="Status",
        default="running",
        required=True,
        tracking=True,
        copy=False,
    )
    outcome = fields.Selection(
        OUTCOMES, string="Outcome After Exit", tracking=True, help="Situation of the person after the contract."
    )
    hours_ids = fields.One2many("housing.insertion.hours", "hire_id", string="Monthly Hours")
    hours_done = fields.Float(compute="_compute_hours_done", store=True, digits=(10, 2))
    eligibility_category = fields.Selection(related="candidate_id.eligibility_category")
    eligibility_warning = fields.Char(compute="_compute_eligibility_warning")
    note = fields.Html()

    # ------------------------------------------------------------------ computes
    @api.depends("candidate_id.name", "order_id.name")
    def _compute_name(self):
        for hire in self:
            hire.name = " - ".join(filter(None, (hire.candidate_id.name, hire.order_id.name))) or _("New")

    @api.depends("hours_ids.hours")
    def _compute_hours_done(self):
        done = dict(
            self.env["housing.insertion.hours"]._read_group(
                [("hire_id", "in", self._origin.ids)], ["hire_id"], ["hours:sum"]
            )
        )
        for hire in self:
            hire.hours_done = done.get(hire._origin, 0.0)

    @api.depends("candidate_id", "employer_id", "date_start")
    def _compute_eligibility_warning(self):
        today = fields.Date.context_today(self)
        for hire in self:
            warning = hire.candidate_id._get_eligibility_warning(today, hire.date_start) if hire.candidate_id else ""
            if not warning and hire.employer_kind in SIAE_KINDS and not hire.candidate_id.pass_iae_expiry:
                warning = _("An insertion structure hires on a valid PASS IAE: record it on the candidate.")
            hire.eligibility_warning = warning

    # ------------------------------------------------------------------ constraints
    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for hire in self:
            if hire.date_end and hire.date_end < hire.date_start:
                raise ValidationError(
                    _("Hire of %(person)s: the end cannot come before the start.", person=hire.partner_id.name)
                )
        self.hours_ids._check_month_in_hire()

    @api.constrains("employer_id", "clause_id")
    def _check_employer(self):
        for hire in self:
            employer = hire.employer_id.commercial_partner_id
            if employer != hire.supplier_id.commercial_partner_id and not employer.insertion_structure_kind:
                raise ValidationError(
                    _(
                        "Hire of %(person)s: the employer is the supplier of order %(order)s or an insertion "
                        "structure working for it; %(employer)s is neither.",
                        person=hire.partner_id.name,
                        order=hire.order_id.name,
                        employer=hire.employer_id.display_name,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        candidates = self.env["housing.insertion.candidate"].browse([vals.get("candidate_id") for vals in vals_list])
        clauses = self.env["housing.insertion.clause"].browse([vals.get("clause_id") for vals in vals_list])
        for candidate in candidates:
            if candidate.state not in HIREABLE_STATES:
                raise UserError(
                    _(
                        "%(person)s cannot be hired yet: the referral goes first to the facilitator, who checks "
                        "the eligibility and proposes the person to the employers.",
                        person=candidate.name,
                    )
                )
        if clauses.filtered(lambda clause: clause.state == "closed"):
            raise UserError(_("No hire can be added to a closed insertion clause: reopen it first."))
        hires = super().create(vals_list)
        hires.candidate_id._on_hired()
        for hire in hires:
            hire.candidate_id.message_post(
                body=_(
                    "Hired by %(employer)s from %(date)s on order %(order)s.",
                    employer=hire.employer_id.display_name,
                    date=format_date(self.env, hire.date_start),
                    order=hire.order_id.name,
                )
            )
        return hires

    @api.ondelete(at_uninstall=False)
    def _unlink_except_hours(self):
        if self.hours_ids:
            raise UserError(_("A hire with declared hours cannot be deleted."))

    # ------------------------------------------------------------------ actions
    def action_end(self):
        """End the hires (on today unless an end date was given) and the candidates with no other running hire."""
        today = fields.Date.context_today(self)
        for hire in self.filtered(lambda hire: hire.state == "running"):
            hire.write({"state": "ended", "date_end": hire.date_end or max(today, hire.date_start)})
        candidates = self.candidate_id
        still_running = self.search([("candidate_id", "in", candidates.ids), ("state", "=", "running")]).candidate_id
        (candidates - still_running).filtered(lambda candidate: candidate.state == "hired").write({"state": "ended"})
        return True
