from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

ELIGIBILITY_CATEGORIES = [
    ("long_term_job_seeker", "Long-term job seeker"),
    ("minimum_income", "Recipient of RSA, ASS or AAH"),
    ("rqth", "Recognised disabled worker (RQTH)"),
    ("under_26", "Young person under 26"),
    ("over_50", "Job seeker over 50"),
    ("siae_employee", "Employee of an insertion structure"),
    ("prescriber_opinion", "Other, on a prescriber's opinion"),
]
REFERRER_KINDS = [
    ("cesf", "CESF social follow-up"),
    ("survey", "Agency survey"),
    ("arrears", "Arrears officer"),
    ("facilitator", "Proposed by the facilitator"),
]
CANDIDATE_STATES = [
    ("referred", "Referred"),
    ("sent", "Sent to the facilitator"),
    ("proposed", "Proposed"),
    ("hired", "Hired"),
    ("ended", "Ended"),
    ("withdrawn", "Withdrawn"),
]
CONSENT_SCOPES = [
    ("facilitator", "Transmission to the facilitator"),
    ("facilitator_employers", "Transmission to the facilitator and the employers it proposes"),
]
# validity of a PASS IAE (loi 2020-1577)
PASS_IAE_MONTHS = 24


class HousingInsertionCandidate(models.Model):
    """A tenant or a member of a tenant's household referred for a job under an insertion clause. The referral
    goes to the facilitator of the territory, never straight to a contractor, and only with the person's
    consent. Personal data: readable by the insertion officers and the CESF only."""

    _name = "housing.insertion.candidate"
    _description = "Insertion Candidate"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "lease_id"]

    name = fields.Char(related="partner_id.name", store=True, index="trigram")
    active = fields.Boolean(default=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
        help="The tenant or the member of the household referred.",
    )
    lease_id = fields.Many2one(
        "housing.lease",
        string="Household's Lease",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        help="Lease of the household; empty for a person proposed by the facilitator who is not a tenant.",
    )
    agency_id = fields.Many2one(related="lease_id.agency_id", store=True, index=True)
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        index=True,
    )
    referrer_kind = fields.Selection(
        REFERRER_KINDS, string="Referred Through", required=True, default="cesf", tracking=True
    )
    referrer_user_id = fields.Many2one(
        "res.users", string="Referred By", default=lambda self: self.env.user, tracking=True
    )
    cesf_followup_id = fields.Many2one(
        "housing.cesf.followup",
        string="Social Follow-up",
        index="btree_not_null",
        check_company=True,
        help="CESF follow-up the referral comes from; only the minimum data needed leaves it.",
    )
    arrears_case_id = fields.Many2one("housing.arrears.case", index="btree_not_null", check_company=True)
    date_referred = fields.Date(string="Referred On", default=fields.Date.context_today, required=True)
    consent_date = fields.Date(
        tracking=True,
        help="Date the person agreed to the referral; nothing leaves the social follow-up without it.",
    )
    consent_scope = fields.Selection(CONSENT_SCOPES, tracking=True, help="What the person agreed to be sent.")
    eligibility_category = fields.Selection(ELIGIBILITY_CATEGORIES, tracking=True)
    eligibility_proof = fields.Binary(string="Proof of Eligibility", attachment=True)
    eligibility_proof_name = fields.Char()
    prescriber_id = fields.Many2one(
        "res.partner",
        help="France Travail, Mission locale or Cap emploi, whose reasoned opinion makes the person eligible.",
    )
    pass_iae_number = fields.Char(string="PASS IAE Number")
    pass_iae_date = fields.Date(string="PASS IAE Issued On")
    pass_iae_expiry = fields.Date(
        string="PASS IAE Valid Until",
        compute="_compute_pass_iae_expiry",
        store=True,
        readonly=False,
        help="A PASS IAE is valid 24 months from its issue.",
    )
    pass_iae_expired = fields.Boolean(string="PASS IAE Expired", compute="_compute_pass_iae_expired")
    eligibility_warning = fields.Char(compute="_compute_eligibility_warning")
    trade_ids = fields.Many2many("housing.insertion.trade", string="Trades")
    state = fields.Selection(
        CANDIDATE_STATES, string="Status", default="referred", required=True, tracking=True, index=True, copy=False
    )
    facilitator_id = fields.Many2one(
        "res.partner",
        tracking=True,
        domain="[('insertion_facilitator', '=', True)]",
        help="Facilitator the referral is sent to.",
    )
    date_sent = fields.Date(string="Sent On", readonly=True, copy=False, tracking=True)
    hire_ids = fields.One2many("housing.insertion.hire", "candidate_id", string="Hires")
    hire_count = fields.Integer(compute="_compute_hire_count", string="Number of Hires")
    note = fields.Html()

    # ------------------------------------------------------------------ computes
    @api.depends("lease_id")
    def _compute_company_id(self):
        for candidate in self:
            candidate.company_id = candidate.lease_id.company_id or candidate.company_id or self.env.company

    @api.depends("pass_iae_date")
    def _compute_pass_iae_expiry(self):
        for candidate in self:
            candidate.pass_iae_expiry = (
                candidate.pass_iae_date + relativedelta(months=PASS_IAE_MONTHS, days=-1)
                if candidate.pass_iae_date
                else False
            )

    @api.depends("pass_iae_expiry")
    def _compute_pass_iae_expired(self):
        today = fields.Date.context_today(self)
        for candidate in self:
            candidate.pass_iae_expired = bool(candidate.pass_iae_expiry and candidate.pass_iae_expiry < today)

    @api.depends("eligibility_category", "eligibility_proof", "prescriber_id", "pass_iae_expiry")
    def _compute_eligibility_warning(self):
        today = fields.Date.context_today(self)
        for candidate in self:
            candidate.eligibility_warning = candidate._get_eligibility_warning(today)

    def _compute_hire_count(self):
        counts = dict(
            self.env["housing.insertion.hire"]._read_group(
                [("candidate_id", "in", self.ids)], ["candidate_id"], ["__count"]
            )
        )
        for candidate in self:
            candidate.hire_count = counts.get(candidate._origin, 0)

    # ------------------------------------------------------------------ constraints
    @api.constrains("partner_id", "consent_date", "consent_scope")
    def _check_consent(self):
        today = fields.Date.context_today(self)
        for candidate in self:
            if not candidate.consent_date or not candidate.consent_scope:
                raise ValidationError(
                    _(
                        "%(person)s cannot be referred without their consent: record the date and the scope of "
                        "the consent first.",
                        person=candidate.partner_id.name,
                    )
                )
            if candidate.consent_date > today:
                raise ValidationError(
                    _("%(person)s: the consent date cannot be in the future.", person=candidate.partner_id.name)
                )

    @api.constrains("facilitator_id")
    def _check_facilitator(self):
        for candidate in self.filtered("facilitator_id"):
            if not candidate.facilitator_id.commercial_partner_id.insertion_facilitator:
                raise ValidationError(
                    _(
                        "%(partner)s is not an insertion facilitator: a referral goes to the facilitator of the "
                        "territory, who checks the eligibility, never straight to a contractor.",
                        partner=candidate.facilitator_id.display_name,
                    )
                )

    @api.constrains("pass_iae_date", "pass_iae_expiry")
    def _check_pass_iae(self):
        for candidate in self:
            if (
                candidate.pass_iae_date
                and candidate.pass_iae_expiry
                and candidate.pass_iae_expiry < candidate.pass_iae_date
            ):
                raise ValidationError(
                    _("%(person)s: the PASS IAE cannot expire before it is issued.", person=candidate.name)
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("referrer_kind") == "facilitator":
                vals.setdefault("state", "proposed")
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_hired(self):
        if self.sudo().hire_ids:
            raise UserError(_("A candidate who was hired cannot be deleted: archive them instead."))

    # ------------------------------------------------------------------ actions
    def action_send_to_facilitator(self):
        """Send the referral to the facilitator (never to a contractor): records to whom and when."""
        today = fields.Date.context_today(self)
        for candidate in self:
            if candidate.state != "referred":
                raise UserError(_("%(person)s has already been sent to the facilitator.", person=candidate.name))
            if not candidate.facilitator_id:
                raise UserError(_("Choose the facilitator %(person)s is referred to.", person=candidate.name))
            candidate.write({"state": "sent", "date_sent": today})
            candidate.message_post(
                body=_(
                    "Referral sent to the facilitator %(facilitator)s.",
                    facilitator=candidate.facilitator_id.display_name,
                )
            )
        return True

    def action_mark_proposed(self):
        if self.filtered(lambda candidate: candidate.state != "sent"):
            raise UserError(_("Only a candidate sent to the facilitator can be proposed to an employer."))
        self.write({"state": "proposed"})
        return True

    def action_withdraw(self):
        if self.filtered(lambda candidate: candidate.state in ("hired", "ended")):
            raise UserError(_("A candidate who was hired is not withdrawn: end the hire instead."))
        self.write({"state": "withdrawn"})
        return True

    def action_reset(self):
        self.filtered(lambda candidate: candidate.state == "withdrawn").write({"state": "referred", "date_sent": False})
        return True

    def action_view_hires(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("housing_insertion.housing_insertion_hire_action")
        action["domain"] = [("candidate_id", "=", self.id)]
        action["context"] = {"default_candidate_id": self.id}
        return action

    # ------------------------------------------------------------------ business
    def _get_eligibility_warning(self, today, on_date=None):
        """What is missing to prove the eligibility, '' when nothing is."""
        self.ensure_one()
        on_date = on_date or today
        if not self.eligibility_category:
            return _("Eligibility category missing.")
        if not self.eligibility_proof:
            return _("Proof of eligibility missing.")
        if self.eligibility_category == "prescriber_opinion" and not self.prescriber_id:
            return _("The prescriber whose opinion makes the person eligible is missing.")
        if self.pass_iae_expiry and self.pass_iae_expiry < on_date:
            return _("The PASS IAE expired on %(date)s.", date=format_date(self.env, self.pass_iae_expiry))
        return ""

    def _on_hired(self):
        self.filtered(lambda candidate: candidate.state in ("sent", "proposed", "ended")).write({"state": "hired"})
