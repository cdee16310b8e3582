from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount, format_date

from .housing_lease import LAW_2023_DATE

STEP_TYPES = [
    ("benefit_signal", "Signalement to the benefit payer"),
    ("formal_notice", "Formal notice"),
    ("ccapex_referral", "Referral to the CCAPEX"),
    ("payment_order", "Payment order (commandement de payer)"),
    ("summons", "Court summons (assignation)"),
    ("prefect_notice", "Notice of the summons to the préfet"),
    ("social_diagnostic", "Social and financial diagnostic received"),
    ("hearing", "Hearing"),
    ("judgment", "Judgment"),
    ("order_to_vacate", "Order to vacate (commandement de quitter les lieux)"),
    ("police_request", "Request for police assistance"),
    ("police_decision", "Decision of the préfet on police assistance"),
    ("state_compensation", "State compensation claim"),
    ("eviction", "Eviction"),
    ("cohesion_protocol", "Social cohesion protocol (protocole de cohésion sociale)"),
    ("od_admission", "Over-indebtedness file admitted"),
    ("od_wipeout", "Debt wiped out (personal recovery)"),
]
# step types that move the case forward to a stage of the kanban
STEP_STAGES = {
    "formal_notice": "housing_arrears.stage_prelitigation",
    "ccapex_referral": "housing_arrears.stage_prelitigation",
    "payment_order": "housing_arrears.stage_payment_order",
    "summons": "housing_arrears.stage_summons",
    "hearing": "housing_arrears.stage_summons",
    "judgment": "housing_arrears.stage_judgment",
    "order_to_vacate": "housing_arrears.stage_eviction",
    "police_request": "housing_arrears.stage_eviction",
    "eviction": "housing_arrears.stage_eviction",
}
# enforcement steps, not allowed on a debt frozen by an admitted over-indebtedness file
ENFORCEMENT_STEPS = ("payment_order", "summons", "order_to_vacate", "police_request", "eviction")
# enforcement steps the landlord gives up while a social cohesion protocol runs
PROTOCOL_BLOCKED_STEPS = ("order_to_vacate", "police_request", "eviction")
TRUCE_EXCEPTIONS = [
    ("rehousing", "Rehousing assured for the whole family"),
    ("squat", "Entry into the premises by assault (voie de fait)"),
    ("student", "Student housing whose occupant no longer meets the conditions"),
    ("violent_spouse", "Violent spouse evicted by the family court"),
]
# a change of these fields moves the deadlines of the case's steps, and their reminders
DEADLINE_FIELDS = {
    "date",
    "state",
    "hearing_date",
    "prefect_notice_date",
    "judgment_outcome",
    "delay_months",
    "vacate_from",
    "protocol_months",
    "protocol_extension_months",
    "protocol_outcome",
    "protocol_outcome_date",
}
# a change of these fields checks the step again
CHECKED_FIELDS = {
    "date",
    "hearing_date",
    "state",
    "judgment_outcome",
    "truce_exception",
    "prefect_notice_date",
    "holiday_authorised",
}
# the key of the activity that asks the officer to reschedule a planned eviction no longer possible
RECHECK_KEY = "recheck"


class HousingLegalStep(models.Model):
    """A dated step of the legal procedure of an arrears case, with its documents and the deadline it starts.

    One rule for every delay that must expire: the act is possible from the day after the delay's last day
    ("à compter du"). A delay in months ends on the same day number (the month's last day when there is none), a delay
    in weeks or days does not count the day of the act (CPC art. 641). Deadlines are computed from what they depend on
    (the lease, the other steps, the settings, the truce and the public holidays) and their reminders follow them."""

    _name = "housing.legal.step"
    _description = "Legal Procedure Step"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    case_id = fields.Many2one(
        "housing.arrears.case", required=True, ondelete="restrict", index=True, check_company=True
    )
    lease_id = fields.Many2one(related="case_id.lease_id", store=True)
    partner_id = fields.Many2one(related="case_id.partner_id", store=True, string="Tenant")
    agency_id = fields.Many2one(related="case_id.agency_id", store=True, index=True)
    sector_id = fields.Many2one(related="case_id.sector_id", store=True)
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    step_type = fields.Selection(STEP_TYPES, string="Step", required=True, index=True)
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="done",
        required=True,
        tracking=True,
        index=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    bailiff_id = fields.Many2one(
        "res.partner", string="Commissaire de justice", help="Commissaire de justice who served the act."
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Documents")
    note = fields.Text()
    cancel_reason = fields.Text(readonly=True)
    # the type-specific data
    channel = fields.Selection(
        [
            ("exploc", "EXPLOC platform"),
            ("deemed", "Deemed made by the benefit payer signalement"),
            ("registered_letter", "Registered letter"),
            ("online", "Benefit payer's online service"),
            ("email", "E-mail"),
        ],
        help="How the referral or the signalement was made.",
    )
    hearing_date = fields.Date(
        tracking=True, help="Date of the hearing set by the court summons (the new date after a postponement)."
    )
    postponement_ids = fields.One2many("housing.hearing.postponement", "summons_id", string="Postponements")
    judgment_outcome = fields.Selection(
        [
            ("payment_delays", "Payment delays, termination clause suspended"),
            ("termination", "Termination of the lease"),
            ("dismissal", "Claim dismissed"),
        ]
    )
    delay_months = fields.Integer(
        string="Delay (months)",
        help="Payment delays granted (at most 36 months), or time granted to vacate (0 when the judge grants none; "
        "1 to 12 months by a judgment given since 29 July 2023, 3 to 36 months before).",
    )
    vacate_from = fields.Date(
        string="Time to Vacate Counted From",
        help="Day from which the time granted to vacate runs, as the judgment says (often its service). Empty: the "
        "date of the judgment.",
    )
    prefect_notice_date = fields.Date(
        string="Préfet Notified On",
        tracking=True,
        help="Day a copy of the order to vacate reached the préfet. Without it the two-month delay does not run; "
        "it runs from the later of the service and this day (CPCE L.412-5).",
    )
    prefect_notified = fields.Boolean(
        string="Préfet Notified", compute="_compute_prefect_notified", store=True, readonly=True
    )
    police_request_id = fields.Many2one(
        "housing.legal.step",
        string="Request for Police Assistance",
        compute="_compute_police_request_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        domain="[('case_id', '=', case_id), ('step_type', '=', 'police_request'), ('state', '=', 'done')]",
        help="The request this decision of the préfet, or this State compensation claim, answers.",
    )
    police_granted = fields.Boolean(string="Police Assistance Granted")
    currency_id = fields.Many2one(related="company_id.currency_id")
    wipeout_amount = fields.Monetary(
        string="Amount Wiped Out",
        help="Debt wiped out by the decision (personal recovery): the amount written off, as the decision says.",
    )
    truce_exception = fields.Selection(TRUCE_EXCEPTIONS, help="Legal exception to the winter truce.")
    truce_exception_reason = fields.Text()
    holiday_authorised = fields.Boolean(
        string="Authorised by the Judge on a Sunday or Holiday",
        help="No enforcement on a Sunday or a public holiday, unless the judge specially authorised it in case of "
        "necessity (CPCE L.141-1).",
    )
    # social cohesion protocol (CCH L.353-15-2, L.442-6-5)
    protocol_months = fields.Integer(string="Protocol Duration (months)", help="At most 24 months (setting).")
    protocol_extension_months = fields.Integer(
        string="Extension (months)", tracking=True, help="Extension by amendment, at most 36 months (setting)."
    )
    protocol_end_date = fields.Date(compute="_compute_protocol_end_date", store=True, string="Protocol Ends On")
    protocol_outcome = fields.Selection(
        [("running", "Running"), ("kept", "Kept"), ("broken", "Broken")], tracking=True, string="Protocol"
    )
    protocol_outcome_date = fields.Date(string="Kept or Broken On", tracking=True)
    # at the hearing: was the current rent resumed (the condition of the judge's payment delays)
    rent_resumed = fields.Boolean(compute="_compute_rent_resumed", string="Current Rent Resumed")
    rent_resumed_info = fields.Char(compute="_compute_rent_resumed", string="Current Rent")
    # the deadline the step starts, and the reminders of the officer
    deadline = fields.Date(compute="_compute_deadline", store=True)
    deadline_label = fields.Char(compute="_compute_deadline", store=True)
    warning = fields.Char(compute="_compute_deadline", store=True)
    reminder_activity_ids = fields.One2many("mail.activity", "housing_legal_step_id", string="Reminders")
    reminder_memory = fields.Json(copy=False, help="The reminders already scheduled: {key: date}.")

    # ------------------------------------------------------------------ computes
    @api.depends("prefect_notice_date")
    def _compute_prefect_notified(self):
        for step in self:
            step.prefect_notified = bool(step.prefect_notice_date)

    @api.depends("step_type", "case_id", "date")
    def _compute_police_request_id(self):
        for step in self:
            if step.step_type not in ("police_decision", "state_compensation") or not step.case_id:
                step.police_request_id = False
            elif not step.police_request_id and step.date:
                step.police_request_id = step.case_id._last_step("police_request", before=step)
            else:
                step.police_request_id = step.police_request_id

    @api.depends("step_type", "date", "protocol_months", "protocol_extension_months")
    def _compute_protocol_end_date(self):
        for step in self:
            if step.step_type == "cohesion_protocol" and step.date and step.protocol_months:
                months = step.protocol_months + step.protocol_extension_months
                step.protocol_end_date = step.date + relativedelta(months=months) - timedelta(days=1)
            else:
                step.protocol_end_date = False

    @api.depends("step_type", "date", "state", "case_id")
    def _compute_rent_resumed(self):
        hearings = self.filtered(lambda s: s.step_type == "hearing" and s.case_id and s.date)
        (self - hearings).update({"rent_resumed": False, "rent_resumed_info": False})
        today = fields.Date.context_today(self)
        for step in hearings:
            end = min(step.date, today)
            months = step.company_id.housing_hearing_rent_months
            billed, paid = step._get_current_rent(end - relativedelta(months=months), end)
            currency = step.currency_id
            step.rent_resumed = currency.compare_amounts(billed, 0) > 0 and currency.compare_amounts(paid, billed) >= 0
            step.rent_resumed_info = _(
                "%(paid)s paid for %(billed)s of rent due over the %(months)s months before %(date)s.",
                paid=format_amount(self.env, paid, currency),
                billed=format_amount(self.env, billed, currency),
                months=months,
                date=format_date(self.env, end),
            )

    def _get_current_rent(self, date_from, date_to):
        """(current rent, paid) for the tenant after `date_from` up to `date_to`, from the tenant's account: the rent
        notices falling due in the period (without the plan instalments they carry), and the real payments dated
        in it, whatever notices they were lettered with."""
        self.ensure_one()
        lease = self.lease_id
        position = self.env["housing.ledger"]._get_positions(lease, date_to)[lease]
        billed = sum(
            item.amount for item in position.debits if item.origin == "rent" and date_from < item.maturity <= date_to
        )
        paid = -sum(
            item.amount for item in position.credits if item.origin == "payment" and date_from < item.date <= date_to
        )
        return billed, paid

    @api.depends(
        "step_type",
        "date",
        "state",
        "hearing_date",
        "prefect_notice_date",
        "judgment_outcome",
        "delay_months",
        "vacate_from",
        "protocol_end_date",
        "protocol_outcome",
        "protocol_outcome_date",
        "case_id.lease_id.signature_date",
        "case_id.lease_id.payment_order_delay",
        "case_id.lease_id.payment_order_delay_unit",
        "case_id.step_ids.state",
        "case_id.step_ids.date",
        "case_id.step_ids.hearing_date",
        "case_id.step_ids.judgment_outcome",
        "case_id.step_ids.delay_months",
        "case_id.step_ids.vacate_from",
        "company_id.housing_payer_plan_months",
        "company_id.housing_ccapex_months",
        "company_id.housing_prefect_notice_days",
        "company_id.housing_order_to_vacate_months",
        "company_id.housing_police_silence_months",
        "company_id.housing_truce_start",
        "company_id.housing_truce_end",
        "company_id.housing_holidays_alsace_moselle",
        "company_id.housing_protocol_new_lease_months",
    )
    def _compute_deadline(self):
        for step in self:
            step.deadline, step.deadline_label, step.warning = step._get_deadline()

    def _get_deadline(self):
        """(deadline, label, warning) started by this step: the method `_get_deadline_<step type>` when there is one."""
        self.ensure_one()
        if self.state == "cancelled" or not self.date or not self.case_id:
            return False, False, False
        method = getattr(self, f"_get_deadline_{self.step_type}", None)
        return method() if method else (False, False, False)

    def _get_deadline_benefit_signal(self):
        months = self._company().housing_payer_plan_months
        return self.date + relativedelta(months=months), _("Repayment plan expected by the benefit payer"), False

    def _get_deadline_ccapex_referral(self):
        return self._summons_possible_after_referral(), _("Court summons possible from"), False

    def _get_deadline_payment_order(self):
        acquired = self.lease_id._clause_acquired_date(self.date)
        return acquired, _("Termination clause acquired, court summons possible from"), False

    def _get_deadline_summons(self):
        if not self.hearing_date:
            return False, False, False
        days = self._company().housing_prefect_notice_days
        notice = self._prefect_notice_latest(self.hearing_date)
        warning = False
        if notice < self.date:
            warning = _(
                "The préfet must be notified at least %(days)s days before the hearing (%(deadline)s): with this "
                "hearing date the summons is inadmissible.",
                days=days,
                deadline=format_date(self.env, notice),
            )
        return notice, _("Latest notice of the summons to the préfet"), warning

    def _get_deadline_prefect_notice(self):
        summons = self.case_id._last_step("summons", before=self)
        if summons.hearing_date and self.date > self._prefect_notice_latest(summons.hearing_date):
            return (
                False,
                False,
                _(
                    "Notified less than %(days)s days before the hearing: the summons is inadmissible.",
                    days=self._company().housing_prefect_notice_days,
                ),
            )
        return False, False, False

    def _get_deadline_hearing(self):
        """At the hearing, the préfet must have been notified of the summons at least 42 days before."""
        company = self._company()
        latest = self._prefect_notice_latest(self.date)
        notices = self.case_id.step_ids.filtered(
            lambda s: s.step_type == "prefect_notice" and s.state != "cancelled" and s.date and s.date <= self.date
        )
        if not notices:
            warning = _(
                "No notice of the summons to the préfet is recorded: unless the préfet was notified by %(date)s "
                "(%(days)s days before the hearing), the claim is inadmissible.",
                date=format_date(self.env, latest),
                days=company.housing_prefect_notice_days,
            )
        elif min(notices.mapped("date")) > latest:
            warning = _(
                "The préfet was notified on %(notice)s, less than %(days)s days before the hearing (at the latest "
                "%(date)s): the claim is inadmissible.",
                notice=format_date(self.env, min(notices.mapped("date"))),
                days=company.housing_prefect_notice_days,
                date=format_date(self.env, latest),
            )
        else:
            warning = False
        return False, False, warning

    def _get_deadline_judgment(self):
        possible = self._vacate_possible_date()
        if not possible:
            return False, False, False
        return possible, _("Time to vacate over: police assistance possible from"), False

    def _get_deadline_order_to_vacate(self):
        if not self.prefect_notice_date:
            return False, False, _("The préfet was not notified: the two-month delay does not run.")
        first = self._first_eviction_day(self._enforcement_possible_date())
        return first, _("Eviction possible from"), False

    def _get_deadline_police_request(self):
        return self._police_refusal_date(), _("Silence of the préfet counts as refusal from"), False

    def _get_deadline_cohesion_protocol(self):
        if self.protocol_outcome == "kept" and self.protocol_outcome_date:
            months = self._company().housing_protocol_new_lease_months
            return self.protocol_outcome_date + relativedelta(months=months), _("New lease to sign by"), False
        if self.protocol_outcome == "broken" or not self.protocol_end_date:
            return False, False, False
        return self.protocol_end_date, _("Social cohesion protocol ends on"), False

    # ------------------------------------------------------------------ the delays
    def _company(self):
        return self.company_id or self.case_id.company_id or self.env.company

    def _prefect_notice_latest(self, hearing):
        """Latest notice of the summons to the préfet: 42 days counted backwards from the hearing, the hearing day
        excluded, with no extension for weekends or holidays (Cass. avis 6 nov. 2025, n° 25-70.018)."""
        return hearing - timedelta(days=self._company().housing_prefect_notice_days)

    def _summons_possible_after_referral(self, referral=None):
        """The day after the delay following the referral to the CCAPEX (loi du 6 juillet 1989, art. 24 II)."""
        referral = referral or self
        months = self._company().housing_ccapex_months
        return referral.date + relativedelta(months=months) + timedelta(days=1)

    def _order_possible_date(self):
        """For an order to vacate: the day after the two months, counted from the later of its service and its
        notification to the préfet (CPCE L.412-1, L.412-5); False while the préfet is not notified."""
        self.ensure_one()
        if not self.prefect_notice_date:
            return False
        start = max(self.date, self.prefect_notice_date)
        return start + relativedelta(months=self._company().housing_order_to_vacate_months) + timedelta(days=1)

    def _vacate_judgment(self):
        """The judgment before this step that terminated the lease with time to vacate (or itself)."""
        self.ensure_one()
        judgment = self if self.step_type == "judgment" else self.case_id._last_step("judgment", before=self)
        if judgment.judgment_outcome == "termination" and judgment.delay_months > 0:
            return judgment
        return self.browse()

    def _vacate_possible_date(self):
        """The day after the time to vacate granted by the judge (CPCE L.412-3), or False."""
        judgment = self._vacate_judgment()
        if not judgment:
            return False
        start = judgment.vacate_from or judgment.date
        return start + relativedelta(months=judgment.delay_months) + timedelta(days=1)

    def _enforcement_possible_date(self, order=None):
        """First day police assistance may be requested: once both the delay of the order to vacate and the time
        to vacate granted by the judge have expired."""
        order = order or self
        dates = [order._order_possible_date(), self._vacate_possible_date()]
        return max(day for day in dates if day) if any(dates) else False

    def _police_refusal_date(self):
        """Day from which the silence of the préfet counts as refusal: the day after the two months."""
        months = self._company().housing_police_silence_months
        return self.date + relativedelta(months=months) + timedelta(days=1)

    def _is_enforcement_day(self, day):
        """Neither a Sunday nor a public holiday (CPCE L.141-1)."""
        return day.weekday() != 6 and not self._company()._housing_is_public_holiday(day)

    def _first_eviction_day(self, day):
        """The first day from `day` an eviction may take place: outside the winter truce and its extensions, and
        neither a Sunday nor a public holiday."""
        company = self._company()
        Truce = self.env["housing.truce.period"]
        for _attempt in range(400):
            period = Truce._find_truce_period(company, day)
            if period:
                day = period[1] + timedelta(days=1)
            elif not self._is_enforcement_day(day):
                day += timedelta(days=1)
            else:
                break
        return day

    # ------------------------------------------------------------------ checks
    @api.constrains("date", "state")
    def _check_not_future(self):
        today = fields.Date.context_today(self)
        for step in self:
            if step.state == "done" and step.date > today:
                raise ValidationError(
                    _(
                        "A step recorded as done cannot be dated in the future (%(date)s): record it as planned.",
                        date=format_date(self.env, step.date),
                    )
                )
            if step.state == "planned" and step.step_type not in ("eviction", "hearing"):
                raise ValidationError(_("Only an eviction or a hearing can be planned ahead."))

    @api.constrains("judgment_outcome", "delay_months", "step_type", "date")
    def _check_judgment(self):
        for step in self.filtered(lambda s: s.step_type == "judgment"):
            company = step._company()
            if not step.judgment_outcome:
                raise ValidationError(_("Record the outcome of the judgment."))
            if step.judgment_outcome == "payment_delays":
                maximum = company.housing_payment_delays_max_months
                if not 1 <= step.delay_months <= maximum:
                    raise ValidationError(_("The judge grants payment delays of 1 to %(max)s months.", max=maximum))
            if step.judgment_outcome == "termination" and step.delay_months:
                if step.date < (company.housing_law_2023_date or LAW_2023_DATE):
                    low, high = company.housing_vacate_delay_old_min_months, company.housing_vacate_delay_old_max_months
                    message = _(
                        "A judgment given before 29 July 2023 grants no time to vacate (0), or %(min)s to %(max)s "
                        "months (CPCE L.412-4 before the law of 27 July 2023).",
                        min=low,
                        max=high,
                    )
                else:
                    low, high = company.housing_vacate_delay_min_months, company.housing_vacate_delay_max_months
                    message = _(
                        "A judgment given since 29 July 2023 grants no time to vacate (0), or %(min)s to %(max)s "
                        "months (CPCE L.412-4).",
                        min=low,
                        max=high,
                    )
                if not low <= step.delay_months <= high:
                    raise ValidationError(message)
            if step.delay_months < 0:
                raise ValidationError(_("A delay cannot be negative."))
            if step.vacate_from and step.vacate_from < step.date:
                raise ValidationError(_("The time to vacate cannot run from before the judgment."))

    @api.constrains("prefect_notice_date", "date")
    def _check_prefect_notice_date(self):
        today = fields.Date.context_today(self)
        for step in self.filtered("prefect_notice_date"):
            if step.step_type != "order_to_vacate":
                raise ValidationError(_("Only an order to vacate is notified to the préfet this way."))
            if step.prefect_notice_date < step.date:
                raise ValidationError(
                    _(
                        "The préfet is notified of the order to vacate once it is served (%(date)s): the notification "
                        "cannot come before.",
                        date=format_date(self.env, step.date),
                    )
                )
            if step.prefect_notice_date > today:
                raise ValidationError(_("The notification to the préfet cannot be dated in the future."))

    @api.constrains("step_type", "protocol_months", "protocol_extension_months", "protocol_outcome_date")
    def _check_protocol(self):
        for step in self.filtered(lambda s: s.step_type == "cohesion_protocol"):
            company = step._company()
            if not 1 <= step.protocol_months <= company.housing_protocol_max_months:
                raise ValidationError(
                    _(
                        "A social cohesion protocol lasts 1 to %(max)s months.",
                        max=company.housing_protocol_max_months,
                    )
                )
            if not 0 <= step.protocol_extension_months <= company.housing_protocol_extension_max_months:
                raise ValidationError(
                    _(
                        "A social cohesion protocol is extended by at most %(max)s months.",
                        max=company.housing_protocol_extension_max_months,
                    )
                )
            if step.protocol_outcome_date and step.protocol_outcome_date < step.date:
                raise ValidationError(_("A protocol is kept or broken after it is signed."))

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("step_type") == "cohesion_protocol":
                vals.setdefault("protocol_outcome", "running")
        steps = super().create(vals_list)
        for step in steps:
            step._check_sequence()
        steps._after_record()
        return steps

    def write(self, vals):
        if {"step_type", "case_id"} & set(vals):
            raise UserError(_("A step cannot change type or case: cancel it and record a new one."))
        res = super().write(vals)
        if CHECKED_FIELDS & set(vals):
            for step in self.filtered(lambda s: s.state != "cancelled"):
                step._check_sequence()
        if DEADLINE_FIELDS & set(vals):
            (self | self.case_id.step_ids)._recompute_deadlines()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recorded(self):
        raise UserError(_("A step of the procedure is never deleted: cancel it with a reason."))

    # ------------------------------------------------------------------ order of the steps
    def _check_sequence(self):
        """Refuse the steps out of order, saying what is missing: the checks of each step type are the methods
        `_check_sequence_<step type>`."""
        self.ensure_one()
        if self.step_type in ENFORCEMENT_STEPS and self.case_id._is_debt_frozen(self.date):
            raise ValidationError(
                _(
                    "The debt before the admission of the over-indebtedness file (%(date)s) is frozen: no enforcement "
                    "on it. Only rent unpaid since then can be pursued, and the tenant owes none.",
                    date=format_date(self.env, self.case_id._last_step("od_admission").date),
                )
            )
        if self.step_type in PROTOCOL_BLOCKED_STEPS:
            self._check_no_running_protocol()
        check = getattr(self, f"_check_sequence_{self.step_type}", None)
        if check:
            check()

    def _require(self, step_type, message):
        """The latest step of that type before this one, or the error `message`."""
        previous = self.case_id._last_step(step_type, before=self)
        if not previous or previous.date > self.date:
            raise ValidationError(message)
        return previous

    def _check_no_running_protocol(self):
        protocol = self.case_id._last_step("cohesion_protocol", before=self)
        if protocol and protocol.protocol_outcome != "broken":
            raise ValidationError(
                _(
                    "A social cohesion protocol was signed on %(date)s: while it is kept the landlord gives up the "
                    "eviction. Record the protocol as broken first.",
                    date=format_date(self.env, protocol.date),
                )
            )

    def _check_sequence_summons(self):
        order = self._require("payment_order", _("A court summons needs a payment order served first."))
        acquired = self.lease_id._clause_acquired_date(order.date)
        if self.date < acquired:
            raise ValidationError(
                _(
                    "The termination clause is acquired only once the delay of the payment order of %(order)s has "
                    "expired: the court summons is possible from %(date)s.",
                    order=format_date(self.env, order.date),
                    date=format_date(self.env, acquired),
                )
            )
        if self.company_id.housing_landlord_legal_person:
            referral = self.case_id._last_step("ccapex_referral", before=self)
            if not referral:
                raise ValidationError(
                    _("A court summons needs the referral to the CCAPEX first (legal-person landlord).")
                )
            possible = self._summons_possible_after_referral(referral)
            if self.date < possible:
                raise ValidationError(
                    _(
                        "A legal-person landlord may have the summons served only once %(months)s months after the "
                        "referral to the CCAPEX have expired: possible from %(date)s.",
                        months=self.company_id.housing_ccapex_months,
                        date=format_date(self.env, possible),
                    )
                )
        if not self.hearing_date:
            raise ValidationError(_("Enter the hearing date set by the court summons."))
        if self.hearing_date <= self.date:
            raise ValidationError(_("The hearing comes after the summons."))

    def _check_sequence_prefect_notice(self):
        self._require("summons", _("The préfet is notified of a court summons: record the summons first."))

    def _check_sequence_hearing(self):
        summons = self._require("summons", _("A hearing needs a court summons."))
        held_on = {summons.hearing_date} | set(summons.postponement_ids.mapped("old_date"))
        if self.state == "done" and summons.hearing_date and self.date < min(held_on):
            raise ValidationError(_("The hearing cannot be held before the date set by the summons."))

    def _check_sequence_judgment(self):
        hearing = self.case_id._last_step("hearing", before=self)
        if not hearing or hearing.state != "done" or hearing.date > self.date:
            raise ValidationError(_("A judgment is recorded after its hearing: record the hearing first."))

    def _check_sequence_order_to_vacate(self):
        judgment = self._require("judgment", _("An order to vacate needs a judgment terminating the lease."))
        if judgment.judgment_outcome != "termination" and not self.case_id.clause_suspension_lifted:
            raise ValidationError(
                _("An order to vacate needs a judgment terminating the lease, or a suspension lifted.")
            )

    def _check_sequence_police_request(self):
        order = self._require("order_to_vacate", _("Police assistance is requested after an order to vacate."))
        if not order.prefect_notice_date:
            raise ValidationError(
                _(
                    "The préfet was not notified of the order to vacate: the delay does not run. Enter the day of the "
                    "notification on the order to vacate."
                )
            )
        self._check_enforcement_delays(order, _("Police assistance can be requested"))

    def _check_enforcement_delays(self, order, act):
        """The delay of the order to vacate and the time to vacate granted by the judge must have expired."""
        order_possible = order._order_possible_date()
        vacate_possible = self._vacate_possible_date()
        first = self._first_eviction_day(max(day for day in (order_possible, vacate_possible) if day))
        if self.date < order_possible:
            raise ValidationError(
                _(
                    "%(act)s only once the %(months)s months after the order to vacate have expired (counted from the "
                    "later of its service and its notification to the préfet): possible from %(date)s. With the "
                    "winter truce, Sundays and public holidays, the first day of an eviction is %(first)s.",
                    act=act,
                    months=self._company().housing_order_to_vacate_months,
                    date=format_date(self.env, order_possible),
                    first=format_date(self.env, first),
                )
            )
        if vacate_possible and self.date < vacate_possible:
            raise ValidationError(
                _(
                    "%(act)s only once the time to vacate granted by the judge (%(months)s months) has expired: "
                    "possible from %(date)s. With the winter truce, Sundays and public holidays, the first day of an "
                    "eviction is %(first)s.",
                    act=act,
                    months=self._vacate_judgment().delay_months,
                    date=format_date(self.env, vacate_possible),
                    first=format_date(self.env, first),
                )
            )

    def _check_sequence_police_decision(self):
        self._require("police_request", _("The préfet decides on a request for police assistance: record it first."))

    def _check_sequence_state_compensation(self):
        self._require("police_request", _("A State compensation claim follows a request for police assistance."))

    def _check_sequence_eviction(self):
        order = self._require("order_to_vacate", _("An eviction needs an order to vacate."))
        if not order.prefect_notice_date:
            raise ValidationError(
                _(
                    "An eviction is possible only once the préfet is notified of the order to vacate: enter the day "
                    "of the notification on the order to vacate."
                )
            )
        self._check_enforcement_delays(order, _("An eviction is possible"))
        company = self._company()
        truce = self.env["housing.truce.period"]._find_truce_period(company, self.date)
        if truce and not self.truce_exception:
            raise ValidationError(
                _(
                    "No eviction during the winter truce (%(truce)s): record one of the legal exceptions with "
                    "its reason, or choose a date after the truce, from %(date)s.",
                    truce=truce[0],
                    date=format_date(self.env, self._first_eviction_day(self.date)),
                )
            )
        if self.truce_exception and not self.truce_exception_reason:
            raise ValidationError(_("Explain the legal exception to the winter truce."))
        if not self._is_enforcement_day(self.date) and not self.holiday_authorised:
            next_day = self.date + timedelta(days=1)
            while not self._is_enforcement_day(next_day):
                next_day += timedelta(days=1)
            raise ValidationError(
                _(
                    "No eviction on a Sunday or a public holiday (%(date)s) without a special authorisation of the "
                    "judge (CPCE L.141-1): choose another day, e.g. %(next)s.",
                    date=format_date(self.env, self.date),
                    next=format_date(self.env, next_day),
                )
            )

    def _check_sequence_cohesion_protocol(self):
        case = self.case_id
        judgment = case._last_step("judgment", before=self)
        terminated = judgment and (judgment.judgment_outcome == "termination" or case.clause_suspension_lifted)
        if not terminated and not case._last_step("od_wipeout", before=self):
            raise ValidationError(
                _(
                    "A social cohesion protocol is signed with an occupant whose lease was terminated by the judge, "
                    "or whose debt was wiped out: record that first."
                )
            )

    def _check_sequence_od_wipeout(self):
        self._require("od_admission", _("A debt is wiped out after the admission of the over-indebtedness file."))
        if self.currency_id.compare_amounts(self.wipeout_amount, 0) <= 0:
            raise ValidationError(_("Enter the amount of debt wiped out by the decision."))

    # ------------------------------------------------------------------ what a step sets off
    def _after_record(self):
        """Move the case forward on the kanban, and give the right officer the deadlines this step starts."""
        for step in self.filtered(lambda s: s.state != "cancelled"):
            case = step.case_id
            xmlid = STEP_STAGES.get(step.step_type)
            if xmlid and step.state == "done":
                stage = self.env.ref(xmlid)
                if stage.sequence > case.stage_id.sequence and not case.is_closed:
                    case.stage_id = stage
            if step.warning:
                step.message_post(body=step.warning)
                case.message_post(body=step.warning)
            step._after_record_type()
        # a new step moves the deadlines of the others (a judgment's time to vacate, a notice to the préfet...)
        (self | self.case_id.step_ids)._recompute_deadlines()

    def _after_record_type(self):
        """What a step of a given type sets off on its case."""
        case = self.case_id
        if self.step_type == "judgment" and self.judgment_outcome == "payment_delays":
            case.write({"clause_suspended": True, "clause_suspension_lifted": False})
        elif self.step_type == "police_decision":
            if self.police_granted:
                if case.compensation_start_date and not case.compensation_end_date:
                    case.compensation_end_date = self.date
            else:
                case._open_state_compensation(self, self.date)
        elif self.step_type == "eviction" and self.state == "done":
            if case.compensation_start_date and not case.compensation_end_date:
                case.compensation_end_date = self.date
        elif self.step_type == "od_admission":
            case._on_od_admission(self)
        elif self.step_type == "od_wipeout" and not case.write_off_ids.filtered(lambda w: w.state == "requested"):
            self.env["housing.write.off"].create(
                {
                    "case_id": case.id,
                    "reason": "wiped_out",
                    "amount": self.wipeout_amount,
                    "note": _("Debt wiped out by the over-indebtedness procedure."),
                }
            )

    def _recompute_deadlines(self):
        """Recompute the deadlines of these steps, also for what the ORM does not see (truce extensions), move their
        reminders, and check the planned evictions of their cases again."""
        if not self:
            return
        self.modified(["date"])
        self._sync_reminders()
        self.case_id.step_ids._recheck_planned_evictions()

    def _get_reminders(self):
        """{key: (date, summary, note)}: the reminders this step gives its officer, as activities of the case."""
        self.ensure_one()
        if self.state == "cancelled" or not self.case_id:
            return {}
        reminders = {}
        later = self.case_id.step_ids.filtered(
            lambda s: s.state != "cancelled" and s.date and s.date >= self.date and s != self
        )
        if self.deadline:
            met = self.step_type == "summons" and later.filtered(lambda s: s.step_type == "prefect_notice")
            if not met:
                label = f"{self.deadline_label} {format_date(self.env, self.deadline)}"
                reminders["deadline"] = (self.deadline, label, False)
        if self.step_type == "summons" and self.hearing_date:
            hearing = format_date(self.env, self.hearing_date)
            held = later.filtered(
                lambda s: s.step_type == "hearing" and s.state == "done" and s.date >= self.hearing_date
            )
            if not held and not later.filtered(lambda s: s.step_type == "social_diagnostic"):
                company = self._company()
                days = company.housing_dsf_working_days
                reminders["dsf"] = (
                    company._housing_working_days_before(self.hearing_date, days),
                    _("Social and financial diagnostic due for the hearing"),
                    _(
                        "The diagnostic reaches the judge and the CCAPEX at the latest %(days)s working days before "
                        "the hearing of %(hearing)s.",
                        days=days,
                        hearing=hearing,
                    ),
                )
            if not held:
                reminders["hearing"] = (
                    self.hearing_date,
                    _("Hearing of %(date)s", date=hearing),
                    _("Hearing of the court summons served on %(date)s.", date=format_date(self.env, self.date)),
                )
        if self.step_type == "order_to_vacate" and self.deadline:
            police = self._enforcement_possible_date()
            if police and police != self.deadline:
                reminders["police"] = (
                    police,
                    _("Police assistance can be requested from %(date)s", date=format_date(self.env, police)),
                    False,
                )
        return reminders

    def _sync_reminders(self):
        """Schedule, move or remove the activities of the steps' reminders: an open activity follows its deadline;
        one already done is scheduled again only when its date moved to a day still to come."""
        today = fields.Date.context_today(self)
        todo = self.env.ref("housing_arrears.mail_activity_type_procedure")
        for step in self:
            wanted = step._get_reminders()
            memory = dict(step.reminder_memory or {})
            current = step.reminder_activity_ids.filtered(lambda a: a.housing_reminder_key != RECHECK_KEY)
            gone = current.filtered(lambda a, wanted=wanted: a.housing_reminder_key not in wanted)
            gone.sudo().unlink()
            current -= gone
            new_memory = {}
            for key, (day, summary, note) in wanted.items():
                activity = current.filtered(lambda a, key=key: a.housing_reminder_key == key)[:1]
                if activity:
                    if activity.date_deadline != day or activity.summary != summary:
                        activity.sudo().write({"date_deadline": day, "summary": summary, "note": note or False})
                elif key not in memory or (memory[key] != day.isoformat() and day >= today):
                    step.case_id.activity_schedule(
                        activity_type_id=todo.id,
                        date_deadline=day,
                        summary=summary,
                        note=note or "",
                        user_id=step.case_id._get_procedure_officer(step.step_type).id,
                        housing_legal_step_id=step.id,
                        housing_reminder_key=key,
                    )
                new_memory[key] = day.isoformat()
            if new_memory != (step.reminder_memory or {}):
                step.reminder_memory = new_memory

    def _recheck_planned_evictions(self):
        """A planned eviction that became impossible (a truce extension, a later notice to the préfet, a longer time to
        vacate...) is not moved by itself: its officer is told to reschedule it."""
        today = fields.Date.context_today(self)
        todo = self.env.ref("housing_arrears.mail_activity_type_procedure")
        for eviction in self.filtered(lambda s: s.step_type == "eviction" and s.state == "planned"):
            try:
                eviction._check_sequence_eviction()
                problem = False
            except ValidationError as error:
                problem = error.args[0]
            told = eviction.reminder_activity_ids.filtered(lambda a: a.housing_reminder_key == RECHECK_KEY)
            if problem and not told:
                note = _(
                    "The eviction planned on %(date)s can no longer take place: %(reason)s",
                    date=format_date(self.env, eviction.date),
                    reason=problem,
                )
                eviction.case_id.message_post(body=note)
                eviction.case_id.activity_schedule(
                    activity_type_id=todo.id,
                    date_deadline=today,
                    summary=_("Reschedule the eviction planned on %(date)s", date=format_date(self.env, eviction.date)),
                    note=note,
                    user_id=eviction.case_id._get_procedure_officer("eviction").id,
                    housing_legal_step_id=eviction.id,
                    housing_reminder_key=RECHECK_KEY,
                )
            elif not problem and told:
                told.sudo().unlink()

    # ------------------------------------------------------------------ actions
    def action_cancel(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "housing.legal.step.cancel",
            "view_mode": "form",
            "target": "new",
            "context": {"default_step_ids": self.ids},
        }

    def _cancel(self, reason):
        if not (reason or "").strip():
            raise UserError(_("Give the reason for cancelling the step."))
        self.write({"state": "cancelled", "cancel_reason": reason})
        for step in self:
            step.case_id.message_post(
                body=_(
                    "Step cancelled: %(step)s of %(date)s. Reason: %(reason)s",
                    step=dict(self._fields["step_type"]._description_selection(self.env))[step.step_type],
                    date=format_date(self.env, step.date),
                    reason=reason,
                )
            )

    def action_postpone_hearing(self):
        """Postpone the hearing (renvoi) to a new date, with its reason."""
        self.ensure_one()
        summons = self if self.step_type == "summons" else self.case_id._last_step("summons", before=self)
        return {
            "type": "ir.actions.act_window",
            "name": _("Postpone the hearing"),
            "res_model": "housing.hearing.postponement",
            "view_mode": "form",
            "target": "new",
            "context": {"default_summons_id": summons.id},
        }

    def action_protocol_kept(self):
        self._set_protocol_outcome("kept")

    def action_protocol_broken(self):
        self._set_protocol_outcome("broken")

    def _set_protocol_outcome(self, outcome):
        today = fields.Date.context_today(self)
        for step in self:
            if step.step_type != "cohesion_protocol" or step.protocol_outcome != "running":
                raise UserError(_("Only a running social cohesion protocol can be kept or broken."))
        self.write({"protocol_outcome": outcome, "protocol_outcome_date": today})
        for step in self:
            if outcome == "kept":
                body = _(
                    "Social cohesion protocol kept: a new lease is to be signed by %(date)s.",
                    date=format_date(self.env, step.deadline),
                )
            else:
                body = _("Social cohesion protocol broken: the procedure may resume.")
            step.case_id.message_post(body=body)

    # ------------------------------------------------------------------ scheduled action
    @api.model
    def _cron_police_silence(self):
        """Without an answer of the préfet within two months, a request for police assistance is refused: open the
        State compensation claim of each request left unanswered (idempotent)."""
        today = fields.Date.context_today(self)
        for company in self.env["res.company"].search([]):
            months = company.housing_police_silence_months or 2
            requests = self.search(
                [
                    ("company_id", "=", company.id),
                    ("step_type", "=", "police_request"),
                    ("state", "=", "done"),
                    ("date", "<=", today - relativedelta(months=months) + timedelta(days=3)),
                ]
            )
            answers = self.search(
                [
                    ("police_request_id", "in", requests.ids),
                    ("step_type", "in", ("police_decision", "state_compensation")),
                    ("state", "!=", "cancelled"),
                ]
            )
            answered = answers.police_request_id
            for request in requests - answered:
                refusal = request._police_refusal_date()
                if refusal <= today:
                    request.case_id._open_state_compensation(request, refusal)


class HousingHearingPostponement(models.Model):
    """A postponement (renvoi) of the hearing of a court summons: the new date, with its reason. Recording it moves
    the hearing date, the latest notice to the préfet, the diagnostic reminder and the hearing's activity."""

    _name = "housing.hearing.postponement"
    _description = "Hearing Postponement"
    _order = "decision_date desc, id desc"
    _check_company_auto = True

    summons_id = fields.Many2one(
        "housing.legal.step",
        string="Court Summons",
        required=True,
        ondelete="cascade",
        index=True,
        domain="[('step_type', '=', 'summons'), ('state', '=', 'done')]",
        check_company=True,
    )
    case_id = fields.Many2one(related="summons_id.case_id", store=True, index=True)
    agency_id = fields.Many2one(related="summons_id.agency_id", store=True, index=True)
    company_id = fields.Many2one(related="summons_id.company_id", store=True, index=True)
    decision_date = fields.Date(
        string="Postponed On", required=True, default=fields.Date.context_today, help="Day the court postponed."
    )
    old_date = fields.Date(string="Former Hearing Date", readonly=True)
    new_date = fields.Date(string="New Hearing Date", required=True)
    reason = fields.Text(required=True, help="e.g. at the request of the tenant, to produce the social diagnostic.")

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        Summons = self.env["housing.legal.step"]
        for vals in vals_list:
            summons = Summons.browse(vals.get("summons_id"))
            vals["old_date"] = summons.hearing_date
            decision = fields.Date.to_date(vals.get("decision_date")) or today
            new_date = fields.Date.to_date(vals.get("new_date"))
            if summons.step_type != "summons" or summons.state != "done" or not summons.hearing_date:
                raise UserError(_("Only the hearing of a court summons served can be postponed."))
            if not (vals.get("reason") or "").strip():
                raise UserError(_("Give the reason for the postponement of the hearing."))
            if decision > today:
                raise UserError(_("A postponement is recorded once the court has decided it, not in the future."))
            if not new_date or new_date <= decision or new_date == summons.hearing_date:
                raise UserError(
                    _(
                        "The new hearing date comes after the day of the postponement (%(date)s) and differs from the "
                        "current one.",
                        date=format_date(self.env, decision),
                    )
                )
            if summons.case_id._last_step("judgment").filtered(lambda j, s=summons: j.date >= s.date):
                raise UserError(_("A judgment was given on this summons: its hearing can no longer be postponed."))
        postponements = super().create(vals_list)
        for postponement in postponements:
            postponement._apply()
        return postponements

    def _apply(self):
        self.ensure_one()
        summons = self.summons_id
        old = summons.hearing_date
        planned = summons.case_id.step_ids.filtered(
            lambda s: s.step_type == "hearing" and s.state == "planned" and s.date == old
        )
        planned.write({"date": self.new_date})
        summons.write({"hearing_date": self.new_date})
        body = _(
            "Hearing of %(old)s postponed to %(new)s. Reason: %(reason)s",
            old=format_date(self.env, old),
            new=format_date(self.env, self.new_date),
            reason=self.reason,
        )
        summons.message_post(body=body)
        summons.case_id.message_post(body=body)
        if summons.warning:
            summons.case_id.message_post(body=summons.warning)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        raise UserError(_("A postponement of the hearing is part of the history of the case: it is never deleted."))


class HousingTrucePeriod(models.Model):
    """An extension of the winter truce decided in a given year (the yearly truce itself is a company setting)."""

    _name = "housing.truce.period"
    _description = "Winter Truce Extension"
    _order = "date_from desc"

    name = fields.Char(required=True, help="e.g. the decree that extended the truce.")
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for period in self:
            if period.date_to < period.date_from:
                raise ValidationError(_("A truce extension ends after it starts."))

    @api.model_create_multi
    def create(self, vals_list):
        periods = super().create(vals_list)
        self._on_truce_change(periods._get_scope())
        return periods

    def write(self, vals):
        before = self._get_scope()
        res = super().write(vals)
        after = self._get_scope()
        self._on_truce_change(None if None in (before, after) else before | after)
        return res

    def unlink(self):
        scope = self._get_scope()
        res = super().unlink()
        self._on_truce_change(scope)
        return res

    def _get_scope(self):
        """The companies these extensions apply to, None when one applies to every company."""
        return None if any(not period.company_id for period in self) else self.company_id

    @api.model
    def _on_truce_change(self, companies):
        """The evictions planned in a new extension are checked again and their officers told; the first possible
        dates of the orders to vacate move."""
        self.env.registry.clear_cache()
        domain = [
            ("step_type", "in", ("order_to_vacate", "eviction")),
            ("state", "!=", "cancelled"),
            ("case_id.is_closed", "=", False),
        ]
        if companies is not None:
            domain.append(("company_id", "in", companies.ids))
        self.env["housing.legal.step"].search(domain)._recompute_deadlines()

    @api.model
    @tools.ormcache("company_id")
    def _get_extensions(self, company_id):
        """((first day, last day, name), ...) of the truce extensions of a company (and of every company)."""
        periods = self.sudo().search([("company_id", "in", (False, company_id))], order="date_from")
        return tuple((period.date_from, period.date_to, period.name) for period in periods)

    @api.model
    def _find_truce_period(self, company, day):
        """(description, last day) of the truce covering `day` for the company, or False."""
        (start_month, start_day), (end_month, end_day) = company._housing_truce_bounds()
        start = day.replace(month=start_month, day=start_day)
        if start > day:
            start = start.replace(year=day.year - 1)
        end = start.replace(month=end_month, day=end_day)
        if end < start:
            end = end.replace(year=start.year + 1)
        if start <= day <= end:
            return (
                _("%(start)s to %(end)s", start=format_date(self.env, start), end=format_date(self.env, end)),
                end,
            )
        for date_from, date_to, name in self._get_extensions(company.id):
            if date_from <= day <= date_to:
                return name, date_to
        return False

    @api.model
    def _find_truce(self, company, day):
        """Description of the truce covering `day` for the company, or False."""
        period = self._find_truce_period(company, day)
        return period[0] if period else False
