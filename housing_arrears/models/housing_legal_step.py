from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

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
TRUCE_EXCEPTIONS = [
    ("rehousing", "Rehousing assured for the whole family"),
    ("squat", "Entry into the premises by assault (voie de fait)"),
    ("student", "Student housing whose occupant no longer meets the conditions"),
    ("violent_spouse", "Violent spouse evicted by the family court"),
]


def working_days_before(day, count):
    """The date `count` working days (Monday to Friday) before `day`."""
    current = day
    while count:
        current -= timedelta(days=1)
        if current.weekday() < 5:
            count -= 1
    return current


class HousingLegalStep(models.Model):
    """A dated step of the legal procedure of an arrears case, with its documents and the deadline it starts."""

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
    hearing_date = fields.Date(help="Date of the hearing set by the court summons.")
    judgment_outcome = fields.Selection(
        [
            ("payment_delays", "Payment delays, termination clause suspended"),
            ("termination", "Termination of the lease"),
            ("dismissal", "Claim dismissed"),
        ]
    )
    delay_months = fields.Integer(
        string="Delay (months)",
        help="Payment delays granted (at most 36 months), or time granted to vacate (1 to 12 months).",
    )
    prefect_notified = fields.Boolean(
        string="Préfet Notified", help="A copy of the order to vacate was sent to the préfet."
    )
    police_granted = fields.Boolean(string="Police Assistance Granted")
    currency_id = fields.Many2one(related="company_id.currency_id")
    wipeout_amount = fields.Monetary(
        string="Amount Wiped Out",
        help="Debt wiped out by the decision (personal recovery): the amount written off, as the decision says.",
    )
    truce_exception = fields.Selection(TRUCE_EXCEPTIONS, help="Legal exception to the winter truce.")
    truce_exception_reason = fields.Text()
    # the deadline the step starts
    deadline = fields.Date(compute="_compute_deadline", store=True)
    deadline_label = fields.Char(compute="_compute_deadline", store=True)
    warning = fields.Char(compute="_compute_deadline", store=True)

    @api.depends("step_type", "date", "hearing_date", "prefect_notified", "state", "case_id.lease_id")
    def _compute_deadline(self):
        for step in self:
            step.deadline, step.deadline_label, step.warning = step._get_deadline()

    def _get_deadline(self):
        """(deadline, label, warning) started by this step."""
        self.ensure_one()
        if self.state == "cancelled" or not self.date:
            return False, False, False
        company = self.company_id or self.env.company
        kind = self.step_type
        if kind == "benefit_signal":
            return (
                self.date + relativedelta(months=company.housing_payer_plan_months),
                _("Repayment plan expected by the benefit payer"),
                False,
            )
        if kind == "ccapex_referral":
            return self.date + relativedelta(months=2), _("Court summons possible from"), False
        if kind == "payment_order":
            return self.lease_id._clause_acquired_date(self.date), _("Termination clause acquired on"), False
        if kind == "summons" and self.hearing_date:
            notice = self.hearing_date - timedelta(days=42)
            warning = False
            if notice < self.date:
                warning = _(
                    "The préfet must be notified at least 42 days before the hearing (%(deadline)s): with this "
                    "hearing date the summons is inadmissible.",
                    deadline=format_date(self.env, notice),
                )
            return notice, _("Latest notice of the summons to the préfet"), warning
        if kind == "prefect_notice":
            summons = self.case_id._last_step("summons")
            if summons.hearing_date and self.date > summons.hearing_date - timedelta(days=42):
                return (
                    False,
                    False,
                    _("Notified less than 42 days before the hearing: the summons is inadmissible."),
                )
            return False, False, False
        if kind == "order_to_vacate":
            if not self.prefect_notified:
                return False, False, _("The préfet was not notified: the two-month delay does not run.")
            return self.date + relativedelta(months=2), _("Eviction possible from"), False
        if kind == "police_request":
            return self.date + relativedelta(months=2), _("Silence of the préfet counts as refusal on"), False
        return False, False, False

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

    @api.constrains("judgment_outcome", "delay_months", "step_type")
    def _check_judgment(self):
        for step in self.filtered(lambda s: s.step_type == "judgment"):
            if not step.judgment_outcome:
                raise ValidationError(_("Record the outcome of the judgment."))
            if step.judgment_outcome == "payment_delays" and not 1 <= step.delay_months <= 36:
                raise ValidationError(_("The judge grants payment delays of 1 to 36 months."))
            if step.judgment_outcome == "termination" and not 1 <= step.delay_months <= 12:
                raise ValidationError(_("The judge grants 1 to 12 months to vacate the premises."))

    @api.model_create_multi
    def create(self, vals_list):
        steps = super().create(vals_list)
        for step in steps:
            step._check_sequence()
        steps._after_record()
        return steps

    def write(self, vals):
        if {"step_type", "case_id"} & set(vals):
            raise UserError(_("A step cannot change type or case: cancel it and record a new one."))
        res = super().write(vals)
        if {"date", "hearing_date", "state", "judgment_outcome", "truce_exception"} & set(vals):
            for step in self.filtered(lambda s: s.state != "cancelled"):
                step._check_sequence()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recorded(self):
        raise UserError(_("A step of the procedure is never deleted: cancel it with a reason."))

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
        check = getattr(self, f"_check_sequence_{self.step_type}", None)
        if check:
            check()

    def _require(self, step_type, message):
        """The latest step of that type before this one, or the error `message`."""
        previous = self.case_id._last_step(step_type, before=self)
        if not previous or previous.date > self.date:
            raise ValidationError(message)
        return previous

    def _check_sequence_summons(self):
        self._require("payment_order", _("A court summons needs a payment order served first."))
        if self.company_id.housing_landlord_legal_person:
            referral = self.case_id._last_step("ccapex_referral", before=self)
            if not referral:
                raise ValidationError(
                    _("A court summons needs the referral to the CCAPEX first (legal-person landlord).")
                )
            possible = referral.date + relativedelta(months=2)
            if self.date < possible:
                raise ValidationError(
                    _(
                        "A legal-person landlord may not have the summons served before two months after the "
                        "referral to the CCAPEX: not before %(date)s.",
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
        if self.state == "done" and summons.hearing_date and self.date < summons.hearing_date:
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
        if not order.prefect_notified:
            raise ValidationError(_("The préfet was not notified of the order to vacate: the delay does not run."))
        possible = order.date + relativedelta(months=2)
        if self.date < possible:
            raise ValidationError(
                _(
                    "Police assistance cannot be requested before the two months after the order to vacate: "
                    "not before %(date)s.",
                    date=format_date(self.env, possible),
                )
            )

    def _check_sequence_police_decision(self):
        self._require("police_request", _("The préfet decides on a request for police assistance: record it first."))

    def _check_sequence_state_compensation(self):
        self._require("police_request", _("A State compensation claim follows a request for police assistance."))

    def _check_sequence_eviction(self):
        order = self._require("order_to_vacate", _("An eviction needs an order to vacate."))
        possible = order.date + relativedelta(months=2)
        if not order.prefect_notified or self.date < possible:
            raise ValidationError(
                _(
                    "An eviction is possible only two months after the order to vacate, once the préfet is "
                    "notified: not before %(date)s.",
                    date=format_date(self.env, possible),
                )
            )
        truce = self.env["housing.truce.period"]._find_truce(self.company_id, self.date)
        if truce and not self.truce_exception:
            raise ValidationError(
                _(
                    "No eviction during the winter truce (%(truce)s): record one of the legal exceptions with "
                    "its reason, or choose a date after the truce.",
                    truce=truce,
                )
            )
        if self.truce_exception and not self.truce_exception_reason:
            raise ValidationError(_("Explain the legal exception to the winter truce."))

    def _check_sequence_od_wipeout(self):
        self._require("od_admission", _("A debt is wiped out after the admission of the over-indebtedness file."))
        if self.currency_id.compare_amounts(self.wipeout_amount, 0) <= 0:
            raise ValidationError(_("Enter the amount of debt wiped out by the decision."))

    def _after_record(self):
        """Move the case forward on the kanban, and give the right officer the deadline this step starts."""
        todo = self.env.ref("housing_arrears.mail_activity_type_procedure")
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
            if step.deadline:
                case.activity_schedule(
                    activity_type_id=todo.id,
                    date_deadline=step.deadline,
                    summary=f"{step.deadline_label} {format_date(self.env, step.deadline)}",
                    user_id=case._get_procedure_officer(step.step_type).id,
                )
            step._after_record_type()

    def _after_record_type(self):
        """What a step of a given type sets off on its case."""
        case, todo = self.case_id, self.env.ref("housing_arrears.mail_activity_type_procedure")
        if self.step_type == "summons" and self.hearing_date:
            reminder = working_days_before(self.hearing_date, 5)
            case.activity_schedule(
                activity_type_id=todo.id,
                date_deadline=reminder,
                summary=_("Social and financial diagnostic due for the hearing"),
                note=_(
                    "The diagnostic reaches the judge and the CCAPEX at the latest 5 working days before the hearing "
                    "of %(hearing)s.",
                    hearing=format_date(self.env, self.hearing_date),
                ),
                user_id=case._get_procedure_officer("summons").id,
            )
        elif self.step_type == "judgment" and self.judgment_outcome == "payment_delays":
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

    @api.model
    def _cron_police_silence(self):
        """Two months without an answer to a request for police assistance count as refusal: open the State
        compensation claim (idempotent)."""
        today = fields.Date.context_today(self)
        requests = self.search(
            [
                ("step_type", "=", "police_request"),
                ("state", "=", "done"),
                ("date", "<=", today - relativedelta(months=2)),
            ]
        )
        for request in requests:
            case = request.case_id
            if case._last_step("police_decision", before=None) or case._last_step("state_compensation"):
                continue
            case._open_state_compensation(request, request.date + relativedelta(months=2))


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

    @api.model
    def _find_truce(self, company, day):
        """Description of the truce covering `day` for the company, or False."""
        (start_month, start_day), (end_month, end_day) = company._housing_truce_bounds()
        start = day.replace(month=start_month, day=start_day)
        if start > day:
            start = start.replace(year=day.year - 1)
        end = start.replace(month=end_month, day=end_day)
        if end < start:
            end = end.replace(year=start.year + 1)
        if start <= day <= end:
            return _("%(start)s to %(end)s", start=format_date(self.env, start), end=format_date(self.env, end))
        extension = self.search(
            [
                ("date_from", "<=", day),
                ("date_to", ">=", day),
                "|",
                ("company_id", "=", False),
                ("company_id", "=", company.id),
            ],
            limit=1,
        )
        return extension.name if extension else False
