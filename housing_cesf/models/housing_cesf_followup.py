from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

CESF_GROUP = "housing_cesf.group_cesf"
HOUSING_USER_GROUP = "housing_arrears.group_housing_user"

FOLLOWUP_TYPES = [
    ("arrears", "Rent arrears"),
    ("administrative", "Administrative steps"),
    ("sublet", "Sublet evaluation"),
    ("transfer", "Housing or transfer request"),
    ("rent_supplement", "Rent supplement (SLS)"),
    ("hygiene", "Hygiene and hoarding"),
    ("neighbour", "Neighbour troubles"),
    ("adaptation", "Adaptation to age or disability"),
    ("pre_allocation", "Pre-allocation evaluation"),
]
TYPE_CATEGORIES = [
    ("arrears", "Arrears follow-up"),
    ("other", "Other intervention"),
    ("pre_allocation", "Pre-allocation evaluation"),
]
ORIGINS = [
    ("arrears_case", "Arrears case"),
    ("account_manager", "Account manager"),
    ("agency", "Agency"),
    ("partner", "Outside partner"),
    ("tenant", "Tenant"),
    ("pre_allocation", "Pre-allocation request"),
]
OUTCOMES = [
    ("stabilised", "Situation stabilised"),
    ("plan", "Plan set up"),
    ("aid", "Aid obtained"),
    ("handed_over", "Handed over"),
    ("no_adherence", "No adherence"),
    ("left", "Tenant left"),
]
CONSENT_SCOPES = [
    ("followup", "Social follow-up by the landlord"),
    ("partners", "Follow-up and exchanges with the partners involved"),
    ("asll", "Support measure funded by the FSL (ASLL)"),
]
OPINIONS = [
    ("favourable", "Favourable"),
    ("safeguards", "Favourable with safeguards"),
    ("unfavourable", "Unfavourable"),
]


class HousingCesfFollowup(models.Model):
    """The social follow-up of a household by a CESF.

    Confidential by design: the record itself (household, type, origin, stage, CESF, dates, outcome) is visible to
    everybody who may see the household; its content (notes, members, consent, budget evaluations, aid requests,
    interventions and visit reports, opinion, messages and documents) only to the CESF group. Content fields carry
    `groups`, content models have access rights for the CESF only, and the messages, documents, activities and
    followers of the follow-up are for those who may write it (housing.cesf.confidential.mixin, which brings
    mail.thread and mail.activity.mixin)."""

    _name = "housing.cesf.followup"
    _description = "Social Follow-up"
    _inherit = ["housing.cesf.confidential.mixin"]
    _order = "priority desc, date_open desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id"]

    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, index="trigram", default=lambda self: _("New")
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    # the household
    partner_id = fields.Many2one(
        "res.partner",
        string="Household",
        required=True,
        index=True,
        tracking=True,
        help="Lease holder, or applicant for a pre-allocation evaluation.",
    )
    lease_id = fields.Many2one("housing.lease", index=True, tracking=True, check_company=True)
    unit_id = fields.Many2one(
        "housing.unit",
        string="Dwelling",
        compute="_compute_unit_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        check_company=True,
        help="The tenant's dwelling, or the dwelling proposed to the applicant.",
    )
    agency_id = fields.Many2one(
        "housing.agency",
        compute="_compute_agency_sector",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        check_company=True,
    )
    sector_id = fields.Many2one(
        "housing.sector",
        compute="_compute_agency_sector",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        domain="[('agency_id', '=?', agency_id)]",
        check_company=True,
    )
    # what and where from
    followup_type = fields.Selection(FOLLOWUP_TYPES, string="Type", required=True, default="arrears", tracking=True)
    type_category = fields.Selection(
        TYPE_CATEGORIES,
        string="Category",
        compute="_compute_type_category",
        store=True,
        index=True,
        help="Arrears follow-ups, other interventions and pre-allocation evaluations are counted apart.",
    )
    origin = fields.Selection(ORIGINS, required=True, default="account_manager", tracking=True)
    origin_case_id = fields.Many2one(
        "housing.arrears.case",
        string="Arrears Case",
        index=True,
        copy=False,
        check_company=True,
        groups=HOUSING_USER_GROUP,
    )
    origin_partner_id = fields.Many2one(
        "res.partner",
        string="Referred By",
        groups=CESF_GROUP,
        help="Outside professional or body that referred the household.",
    )
    # who and where it stands
    user_id = fields.Many2one(
        "res.users",
        string="CESF",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        help="CESF in charge; by default the prevention officer of the dwelling's sector.",
    )
    stage_id = fields.Many2one(
        "housing.cesf.stage",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        copy=False,
        group_expand="_read_group_stage_ids",
        default=lambda self: self.env["housing.cesf.stage"]._get_first_stage(),
    )
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True, index=True)
    date_open = fields.Date(string="Opened On", required=True, default=fields.Date.context_today, index=True)
    date_closed = fields.Date(string="Closed On", readonly=True, copy=False, index=True)
    outcome = fields.Selection(OUTCOMES, tracking=True, copy=False, help="Outcome of the follow-up, at closing.")
    handover_date = fields.Date(string="Handed Over On", copy=False)
    anonymised_date = fields.Date(
        string="Anonymised On",
        readonly=True,
        copy=False,
        help="Date the scheduled action deleted the content of the closed follow-up; the record stays for the "
        "statistics.",
    )
    priority = fields.Selection([("0", "Normal"), ("1", "Urgent")], default="0")
    color = fields.Integer()
    # what the CESF sees of the arrears case (debt, stage and plan), whatever the agencies of the CESF; the arrears
    # fields are for the housing staff (an accountant sees the households, not the arrears cases)
    case_debt_amount = fields.Monetary(string="Case Debt", compute="_compute_case_info", groups=HOUSING_USER_GROUP)
    case_months_in_arrears = fields.Float(
        string="Case Months of Arrears", compute="_compute_case_info", groups=HOUSING_USER_GROUP
    )
    case_stage_id = fields.Many2one(
        "housing.arrears.stage", string="Stage of the Case", compute="_compute_case_info", groups=HOUSING_USER_GROUP
    )
    case_user_id = fields.Many2one(
        "res.users", string="Arrears Officer", compute="_compute_case_info", groups=HOUSING_USER_GROUP
    )
    # ---- content: CESF only
    note = fields.Html(string="Notes", groups=CESF_GROUP)
    member_ids = fields.One2many("housing.cesf.member", "followup_id", string="Household Members", groups=CESF_GROUP)
    member_count = fields.Integer(compute="_compute_member_count", string="Persons", groups=CESF_GROUP)
    consent_date = fields.Date(
        groups=CESF_GROUP,
        copy=False,
        help="Date the household agreed to the follow-up: needed before support goes beyond the first assessment.",
    )
    consent_scope = fields.Selection(CONSENT_SCOPES, groups=CESF_GROUP, copy=False)
    consent_keep_data = fields.Boolean(
        string="Agrees to Keep the History",
        groups=CESF_GROUP,
        copy=False,
        help="The household agreed that the content of the follow-up is kept after it ends, so that it can be used "
        "if the follow-up resumes. Otherwise the content is anonymised after the retention delay.",
    )
    handover_partner_id = fields.Many2one(
        "res.partner", string="Handed Over To", groups=CESF_GROUP, copy=False, help="Outside professional."
    )
    handover_reason = fields.Text(groups=CESF_GROUP, copy=False)
    intervention_ids = fields.One2many(
        "housing.cesf.intervention", "followup_id", string="Interventions", groups=CESF_GROUP
    )
    visit_count = fields.Integer(compute="_compute_intervention_stats", string="Home Visits", groups=CESF_GROUP)
    next_visit_date = fields.Datetime(compute="_compute_intervention_stats", groups=CESF_GROUP)
    evaluation_ids = fields.One2many(
        "housing.budget.evaluation", "followup_id", string="Budget Evaluations", groups=CESF_GROUP
    )
    latest_evaluation_id = fields.Many2one(
        "housing.budget.evaluation",
        compute="_compute_latest_evaluation_id",
        string="Latest Budget Evaluation",
        groups=CESF_GROUP,
    )
    latest_income_amount = fields.Monetary(compute="_compute_latest_evaluation_id", string="Income", groups=CESF_GROUP)
    latest_effort_rate = fields.Float(
        compute="_compute_latest_evaluation_id", string="Taux d'Effort (%)", groups=CESF_GROUP
    )
    latest_rav_day_unit = fields.Monetary(
        compute="_compute_latest_evaluation_id", string="Reste à Vivre per Unit per Day", groups=CESF_GROUP
    )
    latest_rav_month_unit = fields.Monetary(
        compute="_compute_latest_evaluation_id", string="Reste à Vivre per Unit per Month", groups=CESF_GROUP
    )
    latest_effort_above = fields.Boolean(
        compute="_compute_latest_evaluation_id", string="Taux d'Effort Too High", groups=CESF_GROUP
    )
    latest_rav_below = fields.Boolean(
        compute="_compute_latest_evaluation_id", string="Reste à Vivre Too Low", groups=CESF_GROUP
    )
    aid_request_ids = fields.One2many("housing.aid.request", "followup_id", string="Aid Requests", groups=CESF_GROUP)
    aid_granted_amount = fields.Monetary(
        compute="_compute_aid_granted_amount", string="Aid Obtained", groups=CESF_GROUP
    )
    # pre-allocation evaluation
    opinion = fields.Selection(OPINIONS, groups=CESF_GROUP, copy=False, help="Opinion for the allocation commission.")
    safeguard_ids = fields.Many2many("housing.cesf.safeguard", string="Safeguards", groups=CESF_GROUP, copy=False)
    opinion_reasons = fields.Text(string="Reasons", groups=CESF_GROUP, copy=False)

    # ------------------------------------------------------------------ computes
    @api.depends("name", "partner_id.name")
    def _compute_display_name(self):
        for followup in self:
            followup.display_name = " - ".join(part for part in (followup.name, followup.partner_id.name) if part)

    @api.depends("lease_id")
    def _compute_unit_id(self):
        for followup in self.filtered("lease_id"):
            followup.unit_id = followup.lease_id.unit_id

    @api.depends("unit_id")
    def _compute_agency_sector(self):
        for followup in self.filtered("unit_id"):
            followup.agency_id = followup.unit_id.agency_id
            followup.sector_id = followup.unit_id.sector_id

    @api.depends("sector_id")
    def _compute_user_id(self):
        for followup in self:
            # the sector's prevention officer, if she is a CESF: the CESF in charge reads the content
            prevention = followup.sector_id.prevention_user_id
            followup.user_id = followup.user_id or (
                prevention if prevention and prevention.has_group(CESF_GROUP) else False
            )

    @api.depends("followup_type")
    def _compute_type_category(self):
        for followup in self:
            if followup.followup_type in ("arrears", "pre_allocation"):
                followup.type_category = followup.followup_type
            else:
                followup.type_category = "other"

    def _compute_case_info(self):
        for followup in self:
            # sudo: the CESF sees the debt and stage of the case that referred the household, even outside her
            # agencies; nothing else of the case
            case = followup.origin_case_id.sudo()
            followup.case_debt_amount = case.debt_amount
            followup.case_months_in_arrears = case.months_in_arrears
            followup.case_stage_id = case.stage_id
            followup.case_user_id = case.user_id

    @api.depends("member_ids")
    def _compute_member_count(self):
        for followup in self:
            followup.member_count = len(followup.member_ids)

    @api.depends("intervention_ids.mode", "intervention_ids.state", "intervention_ids.date")
    def _compute_intervention_stats(self):
        now = fields.Datetime.now()
        for followup in self:
            visits = followup.intervention_ids.filtered(lambda i: i.mode == "home_visit")
            followup.visit_count = len(visits.filtered(lambda i: i.state == "done"))
            planned = visits.filtered(lambda i: i.state == "planned" and i.date and i.date >= now)
            followup.next_visit_date = min(planned.mapped("date")) if planned else False

    @api.depends(
        "evaluation_ids.date",
        "evaluation_ids.income_amount",
        "evaluation_ids.effort_rate",
        "evaluation_ids.rav_month_unit",
        "evaluation_ids.rav_day_unit",
    )
    def _compute_latest_evaluation_id(self):
        for followup in self:
            latest = followup.evaluation_ids.sorted(lambda e: (e.date, e.id), reverse=True)[:1]
            followup.latest_evaluation_id = latest
            followup.latest_income_amount = latest.income_amount
            followup.latest_effort_rate = latest.effort_rate
            followup.latest_rav_month_unit = latest.rav_month_unit
            followup.latest_rav_day_unit = latest.rav_day_unit
            followup.latest_effort_above = latest.effort_above_threshold
            followup.latest_rav_below = latest.rav_below_threshold

    @api.depends("aid_request_ids.state", "aid_request_ids.amount_granted")
    def _compute_aid_granted_amount(self):
        for followup in self:
            granted = followup.aid_request_ids.filtered(lambda r: r.state == "granted")
            followup.aid_granted_amount = sum(granted.mapped("amount_granted"))

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([], order=stages._order)

    # ------------------------------------------------------------------ constraints and onchanges
    @api.constrains("stage_id", "consent_date", "consent_scope", "handover_partner_id", "handover_date", "outcome")
    def _check_stage_requirements(self):
        for followup in self:
            stage = followup.stage_id
            if stage.requires_consent and not (followup.consent_date and followup.consent_scope):
                raise ValidationError(
                    _(
                        "Follow-up %(followup)s cannot enter the stage %(stage)s: record the household's consent "
                        "first (date and scope). Support beyond the first assessment needs the household's free "
                        "agreement.",
                        followup=followup.display_name,
                        stage=stage.name,
                    )
                )
            if stage.is_handover and not (followup.handover_partner_id and followup.handover_date):
                raise ValidationError(
                    _(
                        "Follow-up %(followup)s: enter the outside professional and the date of the hand-over "
                        "before moving it to %(stage)s.",
                        followup=followup.display_name,
                        stage=stage.name,
                    )
                )
            if stage.is_closed and not followup.outcome:
                raise ValidationError(
                    _(
                        "Follow-up %(followup)s: choose its outcome before closing it.",
                        followup=followup.display_name,
                    )
                )

    @api.constrains("user_id")
    def _check_user_id(self):
        for followup in self:
            if followup.user_id and not followup.user_id.has_group(CESF_GROUP):
                raise ValidationError(
                    _(
                        "%(user)s cannot be in charge of follow-up %(followup)s: the CESF in charge reads its content, "
                        "choose a user of the CESF group.",
                        user=followup.user_id.name,
                        followup=followup.display_name,
                    )
                )

    @api.constrains("consent_date")
    def _check_consent_date(self):
        today = fields.Date.context_today(self)
        for followup in self:
            if followup.consent_date and followup.consent_date > today:
                raise ValidationError(
                    _("The household's consent cannot be dated in the future (%(date)s).", date=followup.consent_date)
                )

    @api.constrains("member_ids")
    def _check_member_ids(self):
        for followup in self:
            if not followup.member_ids and not followup.anonymised_date:
                raise ValidationError(
                    _(
                        "The household of follow-up %(followup)s has no member: enter at least the holder or the "
                        "applicant, with the age band of each person.",
                        followup=followup.display_name,
                    )
                )

    @api.constrains("origin", "origin_case_id", "followup_type", "unit_id")
    def _check_origin(self):
        for followup in self:
            if followup.origin == "arrears_case" and not followup.origin_case_id:
                raise ValidationError(
                    _("Follow-up %(followup)s: choose the arrears case it comes from.", followup=followup.display_name)
                )
            if followup.followup_type == "pre_allocation" and not followup.unit_id:
                raise ValidationError(
                    _(
                        "Pre-allocation evaluation %(followup)s: choose the dwelling proposed to the applicant.",
                        followup=followup.display_name,
                    )
                )

    @api.constrains("opinion", "safeguard_ids", "opinion_reasons")
    def _check_opinion(self):
        for followup in self:
            if followup.anonymised_date:
                continue
            if followup.opinion == "safeguards" and not followup.safeguard_ids:
                raise ValidationError(
                    _("A favourable opinion with safeguards names at least one safeguard from the list.")
                )
            if followup.opinion == "unfavourable" and not (followup.opinion_reasons or "").strip():
                raise ValidationError(_("An unfavourable opinion gives its reasons to the allocation commission."))

    @api.onchange("lease_id")
    def _onchange_lease_id(self):
        if self.lease_id:
            self.partner_id = self.lease_id.partner_id

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        first_stage = self.env["housing.cesf.stage"]._get_first_stage()
        partners = self.env["res.partner"].browse({vals["partner_id"] for vals in vals_list if vals.get("partner_id")})
        leases = self.env["housing.lease"].browse({vals["lease_id"] for vals in vals_list if vals.get("lease_id")})
        partner_by_id = {partner.id: partner for partner in partners}
        lease_by_id = {lease.id: lease for lease in leases}
        new = _("New")
        todo = [vals for vals in vals_list if vals.get("name", new) == new]
        # the numbers of the batch in one query
        for vals, name in zip(
            todo, self.env["ir.sequence"]._housing_next_by_code_batch("housing.cesf.followup", len(todo))
        ):
            vals["name"] = name or new
        for vals in vals_list:
            vals.setdefault("stage_id", first_stage.id)
            if "member_ids" not in vals and vals.get("partner_id"):
                vals["member_ids"] = self._prepare_member_commands(
                    partner_by_id[vals["partner_id"]], lease_by_id.get(vals.get("lease_id"))
                )
        followups = super().create(vals_list)
        closed = followups.filtered(lambda f: f.is_closed and not f.date_closed)
        if closed:
            closed.date_closed = fields.Date.context_today(self)
        followups._subscribe_cesf()
        return followups

    def write(self, vals):
        if "stage_id" in vals:
            stage = self.env["housing.cesf.stage"].browse(vals["stage_id"])
            if stage.is_closed:
                vals.setdefault("date_closed", fields.Date.context_today(self))
            else:
                anonymised = self.filtered("anonymised_date")
                if anonymised:
                    raise UserError(
                        _(
                            "Follow-up %(followup)s was anonymised after its closing: it cannot be reopened. Open a "
                            "new follow-up for the household.",
                            followup=anonymised[0].display_name,
                        )
                    )
                vals["date_closed"] = False
        res = super().write(vals)
        if vals.get("user_id"):
            self._subscribe_cesf()
        return res

    # ------------------------------------------------------------------ the access log
    def web_read(self, specification):
        """The form of one follow-up opened (or moved to with the pager): logged."""
        result = super(HousingCesfFollowup, self.with_context(housing_cesf_no_access_log=True)).web_read(specification)
        # (a new record, or the one an onchange computes on, is not an opening; nor the follow-up that the form of
        # another record reads for its own field, such as the case or the visit: that form is read on a read-only
        # cursor, and its follow-up is not opened)
        if (
            len(self) == 1
            and isinstance(self.id, int)
            and not self.env.su
            and not self.env.context.get("housing_cesf_no_access_log")
            and not self._read_for_another_model()
        ):
            self.env["housing.cesf.access.log"]._log_opening(self)
        return result

    def _read_for_another_model(self):
        """Whether the current web request reads a record of another model (this follow-up is then a field of it)."""
        params = request.params if request else {}
        return bool(params.get("model")) and params["model"] != self._name

    # the opening writes its row: not on a read-only cursor
    web_read._readonly = False

    @api.readonly
    @api.model
    def web_search_read(self, domain, specification, offset=0, limit=None, order=None, count_limit=None):
        # the kanban and the list are not an opening, even with a single card
        return super(HousingCesfFollowup, self.with_context(housing_cesf_no_access_log=True)).web_search_read(
            domain, specification, offset=offset, limit=limit, order=order, count_limit=count_limit
        )

    def web_save(self, vals, specification, next_id=None):
        # the form read again after a save is the same opening; the next record of the pager is a new one
        if next_id:
            return super().web_save(vals, specification, next_id=next_id)
        return super(HousingCesfFollowup, self.with_context(housing_cesf_no_access_log=True)).web_save(
            vals, specification, next_id=next_id
        )

    def read(self, fields=None, load="_classic_read"):
        """One follow-up read with content fields over JSON-RPC: logged as an opening."""
        result = super().read(fields=fields, load=load)
        if (
            len(self) == 1
            and isinstance(self.id, int)
            and not self.env.su
            and not self.env.context.get("housing_cesf_no_access_log")
            and any(self._fields[name].groups for name in (fields or self._fields) if name in self._fields)
        ):
            self.env["housing.cesf.access.log"]._log_opening(self, route="rpc")
        return result

    read._readonly = False

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        # sudo: the check looks at the content, whoever deletes
        for followup in self.sudo():
            if (
                followup.is_closed
                or followup.intervention_ids
                or followup.evaluation_ids
                or followup.aid_request_ids
                or followup.message_ids.filtered(lambda m: m.message_type == "comment")
            ):
                raise UserError(
                    _(
                        "A social follow-up with a history cannot be deleted: archive it, or close it and let the "
                        "retention delay anonymise its content."
                    )
                )

    # ------------------------------------------------------------------ actions
    def action_plan_visit(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Plan a Home Visit"),
            "res_model": "housing.cesf.intervention",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_followup_id": self.id,
                "default_mode": "home_visit",
                "default_user_id": (self.user_id or self.env.user).id,
            },
        }

    def action_new_evaluation(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Budget Evaluation"),
            "res_model": "housing.budget.evaluation",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {"default_followup_id": self.id},
        }

    def action_view_case(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "housing.arrears.case",
            "res_id": self.origin_case_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_print_opinion(self):
        for followup in self:
            if followup.followup_type != "pre_allocation":
                raise UserError(_("Only a pre-allocation evaluation has an opinion for the allocation commission."))
            if not followup.opinion:
                raise UserError(
                    _(
                        "Give the opinion for the allocation commission before printing it (%(followup)s).",
                        followup=followup.display_name,
                    )
                )
            if not followup.latest_evaluation_id:
                raise UserError(
                    _(
                        "Evaluate the applicant's budget before printing the opinion (%(followup)s): the commission "
                        "reads the taux d'effort and the reste à vivre.",
                        followup=followup.display_name,
                    )
                )
        return self.env.ref("housing_cesf.action_report_preallocation_opinion").report_action(self)

    # ------------------------------------------------------------------ business
    @api.model
    def _prepare_member_commands(self, partner, lease=None):
        """The first members of the household: the lease's tenants, or the applicant (adults; the CESF checks
        the age bands and adds the children)."""
        people = (lease.tenant_ids if lease else partner) or partner
        commands = [
            fields.Command.create(
                {"name": person.name, "relationship": "holder" if person == partner else "spouse", "age_band": "25_64"}
            )
            for person in people
        ]
        if partner not in people:
            commands.insert(
                0, fields.Command.create({"name": partner.name, "relationship": "holder", "age_band": "25_64"})
            )
        return commands

    def _subscribe_cesf(self):
        for user in self.user_id:
            self.filtered(lambda f, user=user: f.user_id == user).message_subscribe(partner_ids=user.partner_id.ids)

    def _schedule_cesf_activities(self, summary, notes, days=2, notify=True):
        """One to-do for the CESF of each follow-up, created in one batch. `notes`: {followup id: note}.
        `notify`: also send each CESF the assignment e-mail (not for the batches of the scheduled actions).
        A follow-up with no CESF in charge gets its to-do only if the current user is a CESF who may read it; the
        others wait in the first column of the kanban."""
        if not self:
            return self.env["mail.activity"]
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        deadline = fields.Date.context_today(self) + timedelta(days=days)
        assignees = {}
        for user in self.user_id | self.env.user:
            followups = self.filtered(lambda f, user=user: (f.user_id or self.env.user) == user)
            for followup in followups - followups._housing_outsider_records(user):
                assignees[followup] = user
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=not notify)
            .create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": followup.id,
                        "activity_type_id": todo.id,
                        "summary": summary,
                        "note": notes.get(followup.id),
                        "user_id": assignees[followup].id,
                        "date_deadline": deadline,
                    }
                    for followup in self
                    if followup in assignees
                ]
            )
        )

    # ------------------------------------------------------------------ retention
    @api.model
    def _cron_anonymise_closed(self, limit=500):
        """Anonymise the content of the follow-ups closed for longer than the company's retention delay, unless
        the household agreed to keep it. Idempotent; one company at a time; `limit` follow-ups a run, the rest in
        the next runs."""
        today = fields.Date.context_today(self)
        done = remaining = 0
        for company in self.env["res.company"].search([]):
            Followup = self.with_company(company).sudo().with_context(active_test=False)
            domain = self._get_anonymise_domain(company, today)
            followups = Followup.search(domain, limit=max(limit - done, 0)) if done < limit else Followup
            followups._anonymise_content()
            done += len(followups)
            remaining += Followup.search_count(domain)
        # Odoo's cron commits and runs the job again at once while some remain (ir.cron._notify_progress)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    @api.model
    def _get_anonymise_domain(self, company, today):
        return [
            ("company_id", "=", company.id),
            ("is_closed", "=", True),
            ("anonymised_date", "=", False),
            ("consent_keep_data", "=", False),
            ("date_closed", "<=", today - timedelta(days=company.housing_cesf_retention_days)),
        ]

    def _anonymise_content(self):
        """Delete what was said of the household and keep what is counted: type, origin, sector, CESF, outcome,
        dates, the kind and date of each intervention, the scheme, status and amounts of each aid."""
        if not self:
            return
        # sudo: the scheduled action works on every follow-up of the company
        followups = self.sudo()
        interventions = followups.intervention_ids
        evaluations = followups.evaluation_ids
        interventions.event_id.unlink()
        interventions.write({"report": False, "location": False})
        followups.aid_request_ids.write({"note": False})
        followups.env["ir.attachment"].search(
            [
                "|",
                "|",
                "&",
                ("res_model", "=", self._name),
                ("res_id", "in", followups.ids),
                "&",
                ("res_model", "=", "housing.budget.evaluation"),
                ("res_id", "in", evaluations.ids),
                "&",
                ("res_model", "=", "housing.cesf.intervention"),
                ("res_id", "in", interventions.ids),
            ]
        ).unlink()
        evaluations.unlink()
        followups.member_ids.unlink()
        followups.activity_ids.unlink()
        followups.env["mail.message"].search([("model", "=", self._name), ("res_id", "in", followups.ids)]).unlink()
        followups.write(
            {
                "note": False,
                "origin_partner_id": False,
                "handover_partner_id": False,
                "handover_reason": False,
                "consent_scope": False,
                "safeguard_ids": [fields.Command.clear()],
                "opinion_reasons": False,
                "anonymised_date": fields.Date.context_today(self),
            }
        )
        body = _("Content anonymised at the end of the retention delay: only the figures are kept.")
        followups._message_log_batch(bodies=dict.fromkeys(followups.ids, body))
