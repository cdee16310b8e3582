from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date

URGENCIES = [("normal", "Normal"), ("high", "High"), ("critical", "Critical")]


class HousingArrearsCase(models.Model):
    """An arrears case: opened from the first unpaid rent, followed through the three poles until the debt is
    cleared or written off. The debt always comes from the posted, unreconciled receivable lines of the lease's
    rent invoices."""

    _name = "housing.arrears.case"
    _description = "Arrears Case"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "unreachable desc, months_in_arrears desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id", "lease_id"]

    name = fields.Char(compute="_compute_name", store=True, index="trigram")
    active = fields.Boolean(default=True)
    lease_id = fields.Many2one(
        "housing.lease",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
        check_company=True,
    )
    partner_id = fields.Many2one(related="lease_id.partner_id", store=True, index=True, string="Tenant")
    unit_id = fields.Many2one(related="lease_id.unit_id", store=True, string="Dwelling")
    agency_id = fields.Many2one(related="lease_id.agency_id", store=True, index=True)
    sector_id = fields.Many2one(related="lease_id.sector_id", store=True, index=True)
    company_id = fields.Many2one(related="lease_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    stage_id = fields.Many2one(
        "housing.arrears.stage",
        required=True,
        tracking=True,
        index=True,
        ondelete="restrict",
        group_expand="_read_group_stage_ids",
        default=lambda self: self.env["housing.arrears.stage"]._get_first_stage(),
        copy=False,
    )
    pole = fields.Selection(related="stage_id.pole", store=True)
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True, index=True)
    closing_kind = fields.Selection(related="stage_id.closing_kind", store=True)
    user_id = fields.Many2one(
        "res.users",
        string="Officer",
        tracking=True,
        index=True,
        default=lambda self: self.env.user,
    )
    date_open = fields.Date(string="Opened On", required=True, default=fields.Date.context_today)
    date_closed = fields.Date(string="Closed On", readonly=True, copy=False)
    left_prevention = fields.Boolean(
        string="Left the Prevention Pole",
        readonly=True,
        copy=False,
        help="Set once the case has been in the pre-litigation or litigation pole.",
    )
    settled_amicably = fields.Boolean(
        readonly=True,
        copy=False,
        help="Closed as settled without ever leaving the prevention (amicable) pole.",
    )
    # figures refreshed from the accounting by the nightly action
    debt_amount = fields.Monetary(string="Debt", readonly=True, tracking=True)
    monthly_share = fields.Monetary(related="lease_id.tenant_share", string="Monthly Tenant Share")
    months_in_arrears = fields.Float(string="Months of Arrears", readonly=True, digits=(6, 1))
    oldest_unpaid_date = fields.Date(string="Oldest Unpaid Rent", readonly=True)
    last_payment_date = fields.Date(readonly=True)
    days_since_last_payment = fields.Integer(readonly=True)
    tenant_departed = fields.Boolean(string="Departed Tenant", readonly=True, index=True)
    # contacts
    contact_ids = fields.One2many("housing.arrears.contact", "case_id", string="Contact Attempts")
    last_contact_date = fields.Datetime(compute="_compute_contact_stats", store=True)
    last_success_date = fields.Datetime(string="Last Successful Contact", compute="_compute_contact_stats", store=True)
    failed_attempts = fields.Integer(string="Consecutive Failed Attempts", compute="_compute_contact_stats", store=True)
    unreachable = fields.Boolean(string="Unreachable Tenant", readonly=True, tracking=True, index=True)
    unreachable_since = fields.Date(readonly=True)
    aid_request_ids = fields.One2many("housing.aid.request", "case_id", string="Aid Requests")
    aid_granted_amount = fields.Monetary(
        compute="_compute_aid_granted_amount",
        string="Aid Granted",
        help="Aid granted by the FSL and the benefit payer for this household's debt.",
    )
    # repayment plans and the legal procedure
    plan_ids = fields.One2many("housing.repayment.plan", "case_id", string="Repayment Plans")
    active_plan_id = fields.Many2one("housing.repayment.plan", compute="_compute_active_plan_id", string="Running Plan")
    step_ids = fields.One2many("housing.legal.step", "case_id", string="Procedure")
    write_off_ids = fields.One2many("housing.write.off", "case_id", string="Write-offs")
    payment_order_served = fields.Boolean(
        compute="_compute_procedure", store=True, help="A payment order (commandement de payer) was served."
    )
    next_deadline = fields.Date(compute="_compute_procedure", store=True, index=True)
    next_deadline_label = fields.Char(compute="_compute_procedure", store=True)
    clause_suspended = fields.Boolean(
        string="Termination Clause Suspended",
        readonly=True,
        tracking=True,
        help="The judge suspended the termination clause while the payment delays are kept.",
    )
    clause_suspension_lifted = fields.Boolean(readonly=True, tracking=True)
    clause_deemed_unacquired = fields.Boolean(
        string="Clause Deemed Never Acquired",
        readonly=True,
        tracking=True,
        help="The judicial payment delays were kept (or the debt cleared): the termination clause is deemed never "
        "to have been acquired (loi du 6 juillet 1989, art. 24 VII).",
    )
    clause_suspension_lifted_date = fields.Date(readonly=True)
    compensation_start_date = fields.Date(
        string="Indemnifiable From",
        readonly=True,
        help="Refusal of police assistance (explicit, or silence of the préfet for two months): the State owes "
        "compensation from this day until the assistance is granted or the premises are vacated.",
    )
    compensation_end_date = fields.Date(string="Indemnifiable Until", readonly=True)
    compensation_days = fields.Integer(compute="_compute_compensation_days", string="Indemnifiable Days")
    # benefit payer: arrears constituted, signalement and its timers
    benefit_threshold = fields.Monetary(
        compute="_compute_benefit_threshold",
        string="Constitution Threshold",
        help="Arrears are constituted for the benefit payer at twice (setting) the monthly net charge (rent and "
        "charges less the RLS and the housing benefit) when the benefit is paid to the landlord, twice the rent and "
        "charges otherwise.",
    )
    constituted_date = fields.Date(string="Arrears Constituted On", readonly=True, tracking=True, copy=False)
    signal_due_date = fields.Date(
        string="Signalement Due By",
        readonly=True,
        copy=False,
        help="The benefit payer must be told of the constituted arrears within two months (setting).",
    )
    signal_date = fields.Date(compute="_compute_procedure", store=True, string="Signalled On")
    payer_plan_due_date = fields.Date(
        compute="_compute_procedure",
        store=True,
        string="Plan Expected By",
        help="After the signalement, the benefit payer expects a repayment plan within six months (setting).",
    )
    payer_fsl_due_date = fields.Date(
        compute="_compute_procedure",
        store=True,
        string="FSL Decision Expected By",
        help="When the benefit payer refers the case to the FSL, the fund has three months (setting).",
    )
    payer_default_instalment = fields.Monetary(
        compute="_compute_procedure",
        store=True,
        string="Payer's Default Instalment",
        help="Without a plan, the benefit payer applies its own: the debt divided by 36 months (setting).",
    )
    # over-indebtedness
    od_admission_date = fields.Date(compute="_compute_procedure", store=True, string="Over-indebtedness Admitted On")
    frozen_debt = fields.Monetary(
        string="Debt Before Admission",
        readonly=True,
        help="Debt due before the admission of the over-indebtedness file: frozen, no reminder nor enforcement on it.",
    )
    current_debt = fields.Monetary(
        string="Debt Since Admission",
        readonly=True,
        help="Rent unpaid since the admission of the over-indebtedness file: still due.",
    )
    # limitation
    limitation_date = fields.Date(
        compute="_compute_limitation_date",
        store=True,
        help="Three years after the oldest unpaid rent, the claim is time-barred (loi du 6 juillet 1989, art. 7-1).",
    )
    limitation_alert_date = fields.Date(
        readonly=True, copy=False, help="Limitation date already announced to the officer."
    )
    closed_without_order = fields.Float(
        compute="_compute_closed_without_order",
        store=True,
        aggregator="avg",
        string="Closed Without Payment Order (%)",
        help="100 for a case closed as settled without any payment order, 0 for the other closed cases: its "
        "average is the share of cases settled amicably.",
    )
    urgency = fields.Selection(URGENCIES, compute="_compute_urgency", store=True)
    priority = fields.Selection([("0", "Normal"), ("1", "Important")], default="0")
    color = fields.Integer()
    note = fields.Html()

    # ------------------------------------------------------------------ computes
    @api.depends("lease_id.name", "date_open")
    def _compute_name(self):
        for case in self:
            case.name = (
                f"{case.lease_id.name} / {case.date_open:%Y-%m}" if case.lease_id and case.date_open else _("New")
            )

    @api.depends("contact_ids.date", "contact_ids.is_success")
    def _compute_contact_stats(self):
        for case in self:
            contacts = case.contact_ids.sorted(lambda c: (c.date, c.id), reverse=True)
            successes = contacts.filtered("is_success")
            case.last_contact_date = contacts[:1].date
            case.last_success_date = successes[:1].date
            failed = 0
            for contact in contacts:
                if contact.is_success:
                    break
                # a letter or an e-mail sent expects no answer yet: it is not a failed attempt
                if contact.outcome != "sent":
                    failed += 1
            case.failed_attempts = failed

    @api.depends("plan_ids.state")
    def _compute_active_plan_id(self):
        for case in self:
            case.active_plan_id = case.plan_ids.filtered(lambda plan: plan.state in ("active", "suspended"))[:1]

    @api.depends(
        "step_ids.state",
        "step_ids.date",
        "step_ids.deadline",
        "step_ids.channel",
        "debt_amount",
        "company_id.housing_payer_plan_months",
    )
    def _compute_procedure(self):
        today = fields.Date.context_today(self)
        for case in self:
            steps = case.step_ids.filtered(lambda step: step.state != "cancelled")
            signal = case._last_step("benefit_signal")
            admission = case._last_step("od_admission")
            company = case.company_id
            case.payment_order_served = bool(steps.filtered(lambda step: step.step_type == "payment_order"))
            case.signal_date = signal.date
            case.payer_plan_due_date = signal.date and signal.date + relativedelta(
                months=company.housing_payer_plan_months
            )
            case.payer_fsl_due_date = signal.date and signal.date + relativedelta(
                months=company.housing_payer_fsl_months
            )
            months = company.housing_payer_default_plan_months or 36
            case.payer_default_instalment = case.currency_id.round(case.debt_amount / months) if signal else 0.0
            case.od_admission_date = admission.date
            upcoming = sorted(
                (step.deadline, step.deadline_label) for step in steps if step.deadline and step.deadline >= today
            )
            case.next_deadline, case.next_deadline_label = upcoming[0] if upcoming else (False, False)

    @api.depends("compensation_start_date", "compensation_end_date")
    def _compute_compensation_days(self):
        today = fields.Date.context_today(self)
        for case in self:
            start = case.compensation_start_date
            case.compensation_days = ((case.compensation_end_date or today) - start).days if start else 0

    @api.depends(
        "lease_id.gross_amount",
        "lease_id.rls_amount",
        "lease_id.benefit_amount",
        "lease_id.benefit_to_landlord",
        "company_id.housing_constitution_multiplier",
    )
    def _compute_benefit_threshold(self):
        for case in self:
            case.benefit_threshold = self._get_benefit_threshold(case.lease_id)

    @api.depends("oldest_unpaid_date", "company_id.housing_limitation_years")
    def _compute_limitation_date(self):
        for case in self:
            case.limitation_date = case.oldest_unpaid_date and case.oldest_unpaid_date + relativedelta(
                years=case.company_id.housing_limitation_years
            )

    @api.depends("is_closed", "closing_kind", "payment_order_served")
    def _compute_closed_without_order(self):
        for case in self:
            case.closed_without_order = (
                (100.0 if case.closing_kind == "settled" and not case.payment_order_served else 0.0)
                if case.is_closed
                else 0.0
            )

    def _compute_aid_granted_amount(self):
        # granted amounts only: the content of social follow-up aid stays with the CESF
        totals = dict(
            self.env["housing.aid.request"]
            .sudo()
            ._read_group(
                [
                    ("case_id", "in", self.ids),
                    ("state", "=", "granted"),
                    ("scheme", "in", ("fsl_maintenance", "fsl_access", "fsl_energy", "benefit_payer")),
                ],
                ["case_id"],
                ["amount_granted:sum"],
            )
        )
        for case in self:
            case.aid_granted_amount = totals.get(case, 0.0)

    @api.depends("months_in_arrears", "unreachable", "tenant_departed")
    def _compute_urgency(self):
        for case in self:
            if case.unreachable or case.months_in_arrears >= 3:
                case.urgency = "critical"
            elif case.months_in_arrears >= 2 or case.tenant_departed:
                case.urgency = "high"
            else:
                case.urgency = "normal"

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([], order=stages._order)

    # ------------------------------------------------------------------ constraints
    def _check_no_open_case(self, leases):
        """Before inserting (the unique index would fail with a raw database error)."""
        open_case = self.search(
            [("lease_id", "in", leases.ids), ("is_closed", "=", False), ("id", "not in", self.ids)], limit=1
        )
        seen = set()
        duplicate = next((lease for lease in leases if lease.id in seen or seen.add(lease.id)), None)
        if open_case or duplicate:
            raise ValidationError(
                _(
                    "Lease %(lease)s already has an open arrears case.",
                    lease=(open_case.lease_id or duplicate).name,
                )
            )

    @api.constrains("lease_id", "stage_id", "active")
    def _check_one_open_case(self):
        open_cases = self.filtered(lambda case: case.active and not case.is_closed)
        if not open_cases:
            return
        others = self.search(
            [
                ("lease_id", "in", open_cases.lease_id.ids),
                ("is_closed", "=", False),
                ("id", "not in", open_cases.ids),
            ]
        )
        leases = open_cases.lease_id
        if others or len(leases) < len(open_cases):
            lease = (others.lease_id or open_cases.lease_id)[:1]
            raise ValidationError(_("Lease %(lease)s already has an open arrears case.", lease=lease.name))

    def _auto_init(self):
        res = super()._auto_init()
        index = "housing_arrears_case_one_open_per_lease"
        if not tools.index_exists(self._cr, index):
            self._cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX %s ON %s (lease_id) WHERE active AND is_closed IS NOT TRUE",
                    SQL.identifier(index),
                    SQL.identifier(self._table),
                )
            )
        return res

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        Stage = self.env["housing.arrears.stage"]
        leases = self.env["housing.lease"].browse([vals.get("lease_id") for vals in vals_list])
        self._check_no_open_case(leases)
        first_stage = Stage._get_first_stage()
        for vals, lease in zip(vals_list, leases):
            vals.setdefault("stage_id", first_stage.id)
            stage = Stage.browse(vals["stage_id"])
            if "user_id" not in vals and lease.sector_id:
                officer = lease.sector_id._get_pole_user(stage.pole)
                if officer:
                    vals["user_id"] = officer.id
            if stage.pole in ("prelitigation", "litigation"):
                vals["left_prevention"] = True
        return super().create(vals_list)

    def write(self, vals):
        if "stage_id" not in vals:
            return super().write(vals)
        stage = self.env["housing.arrears.stage"].browse(vals["stage_id"])
        if stage.is_closed and not self.env.context.get("housing_closing"):
            self._check_manual_close(stage)
        if stage == self.env.ref("housing_arrears.stage_plan", raise_if_not_found=False):
            self._check_plan_stage()
        reopened = self.filtered("is_closed") if not stage.is_closed else self.browse()
        if reopened:
            reopened._check_no_open_case(reopened.lease_id)
        moved = self.filtered(lambda case: case.stage_id != stage)
        old_poles = {case.id: case.pole for case in moved}
        if stage.is_closed:
            vals.setdefault("date_closed", fields.Date.context_today(self))
        elif "date_closed" not in vals:
            vals["date_closed"] = False
        if stage.pole in ("prelitigation", "litigation"):
            vals["left_prevention"] = True
        res = super().write(vals)
        if "user_id" not in vals and stage.pole:
            for case in moved.filtered(lambda c: old_poles[c.id] != stage.pole and c.sector_id):
                officer = case.sector_id._get_pole_user(stage.pole)
                if officer:
                    case.user_id = officer
        return res

    def _check_plan_stage(self):
        """The repayment plan stage is reached by signing a plan, never by the status bar alone."""
        without = self.filtered(lambda case: not case.active_plan_id)
        if without:
            raise UserError(
                _(
                    "Case %(case)s has no running repayment plan: create and sign the plan from the case, "
                    "it moves the case to this stage.",
                    case=without[0].name,
                )
            )

    def _check_manual_close(self, stage):
        """A case is closed as settled only once its debt is cleared; a write-off goes through its approval."""
        if stage.closing_kind == "settled":
            self._refresh_from_accounting()
            owing = self.filtered(lambda case: case.currency_id.compare_amounts(case.debt_amount, 0) > 0)
            if owing:
                raise UserError(
                    _(
                        "Case %(case)s cannot be closed as settled: the tenant still owes %(debt)s.",
                        case=owing[0].name,
                        debt=tools.format_amount(self.env, owing[0].debt_amount, owing[0].currency_id),
                    )
                )
        else:
            raise UserError(_("A case is written off through a write-off request approved by an arrears manager."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        if any(
            case.contact_ids or case.is_closed or case.message_ids.filtered(lambda m: m.message_type == "comment")
            for case in self
        ):
            raise UserError(_("An arrears case with a history cannot be deleted: archive it instead."))

    # ------------------------------------------------------------------ actions
    def action_refresh(self):
        self._refresh_from_accounting()
        self._update_unreachable()
        return True

    def _check_reminder_allowed(self):
        for case in self:
            if case._is_debt_frozen():
                raise UserError(
                    _(
                        "Case %(case)s: the debt is frozen by the over-indebtedness file admitted on %(date)s and "
                        "nothing has been unpaid since: no reminder on it.",
                        case=case.name,
                        date=format_date(self.env, case.od_admission_date),
                    )
                )

    def action_print_reminder(self):
        self._check_reminder_allowed()
        return self.env.ref("housing_arrears.action_report_reminder_letter").report_action(self)

    def action_send_reminder(self):
        self.ensure_one()
        self._check_reminder_allowed()
        template = self.env.ref("housing_arrears.mail_template_reminder_letter")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "force_email": True,
            },
        }

    def action_view_invoices(self):
        self.ensure_one()
        return self.lease_id.action_view_invoices()

    def action_account_statement(self):
        self.ensure_one()
        return self.lease_id.action_account_statement()

    # ------------------------------------------------------------------ accounting (the tenant's account)
    def _get_position(self, on_date=None):
        """The tenant's account of the case's lease at a date (today by default), from the ledger."""
        self.ensure_one()
        on_date = on_date or fields.Date.context_today(self)
        return self.env["housing.ledger"]._get_positions(self.lease_id, on_date)[self.lease_id]

    def _get_unpaid_items(self, on_date=None):
        """[{label, maturity, amount, remaining}] of the items due and still unpaid, oldest first (for the letters);
        once an over-indebtedness file is admitted, the frozen debt (the oldest) is left out."""
        self.ensure_one()
        on_date = on_date or fields.Date.context_today(self)
        position = self._get_position(on_date)
        frozen = self._frozen_split(position)[0] if self._has_frozen_debt() else 0.0
        rows = [(item, amount) for item, amount in position.aged() if item.maturity <= on_date]
        moves = self.env["account.move"].sudo().browse({item.move_id for item, _amount in rows})
        labels = {move.id: move.ref or move.name for move in moves}
        result = []
        for item, amount in rows:
            skipped = min(frozen, amount)
            frozen -= skipped
            remaining = self.currency_id.round(amount - skipped)
            if self.currency_id.compare_amounts(remaining, 0) > 0:
                result.append(
                    {
                        "label": labels[item.move_id],
                        "maturity": item.maturity,
                        "amount": item.amount,
                        "remaining": remaining,
                    }
                )
        return result

    def _has_frozen_debt(self):
        self.ensure_one()
        return bool(self.od_admission_date) and not self._last_step("od_wipeout")

    def _frozen_split(self, position):
        """(frozen, current) of the debt due in `position`: the debt that fell due before the admission of the
        over-indebtedness file stays frozen whatever notice it was later moved onto; what the tenant pays since
        goes to the rent due since (the frozen debt is not exigible), then to the frozen debt."""
        self.ensure_one()
        admission = self.od_admission_date
        if not admission:
            return 0.0, position.due
        at_admission = self.env["housing.ledger"]._get_positions(self.lease_id, admission - timedelta(days=1))[
            self.lease_id
        ]
        frozen = min(at_admission.due, position.due)
        return frozen, position.due - frozen

    @api.model
    def _get_benefit_threshold(self, lease):
        """Arrears are constituted for the benefit payer at twice (setting) the monthly net charge after the RLS and
        the benefit when the benefit is paid to the landlord (tiers payant), twice the rent and charges otherwise."""
        multiplier = lease.company_id.housing_constitution_multiplier
        if lease.benefit_to_landlord:
            return multiplier * (lease.gross_amount - lease.rls_amount - lease.benefit_amount)
        return multiplier * lease.gross_amount

    def _refresh_from_accounting(self, today=None, positions=None):
        """Refresh debt, months, oldest unpaid rent, last payment, departure and the frozen debt from the tenant's
        account, in a constant number of queries."""
        today = today or fields.Date.context_today(self)
        Ledger = self.env["housing.ledger"]
        if positions is None:
            positions = {}
            for company in self.company_id:
                cases = self.filtered(lambda case, company=company: case.company_id == company)
                positions.update(Ledger._get_positions(cases.lease_id, today))
        admitted = self.filtered("od_admission_date")
        at_admission = {}
        for admission in set(admitted.mapped("od_admission_date")):
            leases = admitted.filtered(lambda case, day=admission: case.od_admission_date == day).lease_id
            for lease, position in Ledger._get_positions(leases, admission - timedelta(days=1)).items():
                at_admission[lease, admission] = position
        for case in self:
            lease = case.lease_id
            position = positions.get(lease) or Ledger._get_positions(lease, today)[lease]
            debt = case.currency_id.round(position.due)
            last_payment = position.last_payment_date
            reference = last_payment or lease.date_start
            vals = {
                "debt_amount": debt,
                "months_in_arrears": round(debt / lease.tenant_share, 1) if lease.tenant_share > 0 else 0.0,
                "oldest_unpaid_date": position.oldest_due_date if debt else False,
                "last_payment_date": last_payment,
                "days_since_last_payment": max((today - reference).days, 0) if reference else 0,
                "tenant_departed": lease._is_departed(today),
            }
            admission = case.od_admission_date
            if admission:
                frozen = min(at_admission[lease, admission].due, debt)
                vals["frozen_debt"] = case.currency_id.round(frozen)
                vals["current_debt"] = case.currency_id.round(debt - frozen)
            changed = {
                fname: value
                for fname, value in vals.items()
                if case._fields[fname].convert_to_cache(value, case) != case[fname]
                and not (
                    case._fields[fname].type == "monetary" and case.currency_id.compare_amounts(value, case[fname]) == 0
                )
            }
            if changed:
                case.write(changed)

    # ------------------------------------------------------------------ legal procedure
    def _last_step(self, step_type, before=None):
        """The latest step of a type that is not cancelled (before another step, if given)."""
        self.ensure_one()
        steps = self.step_ids.filtered(
            lambda step: (
                step.step_type == step_type
                and step.state != "cancelled"
                and (not before or (step != before and step.date <= before.date))
            )
        )
        return steps.sorted(lambda step: (step.date, step.id))[-1:] if steps else steps

    def _is_debt_frozen(self, on_date=None):
        """An admitted over-indebtedness file freezes the debt due before its admission: is nothing due since?"""
        self.ensure_one()
        if not self._has_frozen_debt():
            return False
        self._refresh_from_accounting()
        return self.currency_id.compare_amounts(self.current_debt, 0) <= 0

    def _get_procedure_officer(self, step_type):
        """The sector's officer of the pole a step belongs to (the case officer otherwise)."""
        self.ensure_one()
        pole = "prelitigation" if step_type in ("benefit_signal", "formal_notice", "ccapex_referral") else "litigation"
        if step_type in ("od_admission", "od_wipeout"):
            pole = self.pole
        officer = self.sector_id._get_pole_user(pole) if self.sector_id and pole else False
        return officer or self.user_id or self.env.user

    def _on_plan_signed(self, plan):
        """A signed plan moves an amicable case to the repayment plan stage."""
        stage = self.env.ref("housing_arrears.stage_plan")
        if plan.kind in ("amicable", "benefit_payer", "fsl") and self.pole == "prevention" and not self.is_closed:
            self.stage_id = stage
        self.message_post(body=_("Repayment plan signed: %(plan)s.", plan=plan.name))

    def _lift_clause_suspension(self, on_date):
        """The first missed payment of judicial delays ends the suspension of the termination clause; the litigation
        officer is told."""
        cases = self.filtered(
            lambda case: (
                case.clause_suspended and not case.clause_suspension_lifted and not case.clause_deemed_unacquired
            )
        )
        if not cases:
            return
        cases.write({"clause_suspension_lifted": True, "clause_suspension_lifted_date": on_date})
        body = _(
            "The judicial payment delays were not kept: the suspension of the termination clause is lifted on "
            "%(date)s and the lease is terminated.",
            date=format_date(self.env, on_date),
        )
        cases._message_log_batch(bodies=dict.fromkeys(cases.ids, body))
        cases._schedule_batch_activities(
            "housing_arrears.mail_activity_type_procedure",
            {
                case: {
                    "summary": _("Suspension of the termination clause lifted"),
                    "note": body,
                    "user_id": case._get_procedure_officer("judgment").id,
                }
                for case in cases
            },
        )

    def _clause_deemed_never_acquired(self, on_date):
        """Judicial payment delays kept, or the debt cleared while the clause was suspended: the termination clause
        is deemed never to have been acquired."""
        cases = self.filtered(lambda case: case.clause_suspended and not case.clause_suspension_lifted)
        if not cases:
            return
        cases.write({"clause_deemed_unacquired": True})
        cases._message_log_batch(
            bodies=dict.fromkeys(
                cases.ids,
                _(
                    "The judicial payment delays were kept (%(date)s): the termination clause is deemed never to "
                    "have been acquired and the lease goes on.",
                    date=format_date(self.env, on_date),
                ),
            )
        )

    def _on_od_admission(self, step):
        """An over-indebtedness file is admitted: the running plans are suspended and the debt split into the
        frozen debt (due before the admission) and the debt due since."""
        self.ensure_one()
        self.plan_ids._suspend(step.date)
        self._refresh_from_accounting()

    def _open_state_compensation(self, step, refusal_date):
        """A refusal of police assistance (or two months of silence) opens the State compensation claim of that
        request, once; the indemnifiable period starts again unless one is still running."""
        self.ensure_one()
        request = step if step.step_type == "police_request" else step.police_request_id
        claims = self.step_ids.filtered(lambda s: s.step_type == "state_compensation" and s.state != "cancelled")
        if claims.filtered(lambda claim: claim.police_request_id == request):
            return
        if not self.compensation_start_date or self.compensation_end_date:
            self.write({"compensation_start_date": refusal_date, "compensation_end_date": False})
        self.env["housing.legal.step"].create(
            {
                "case_id": self.id,
                "step_type": "state_compensation",
                "police_request_id": request.id,
                "date": min(refusal_date, fields.Date.context_today(self)),
                "note": _(
                    "Police assistance refused on %(date)s: the State owes compensation from that day until the "
                    "assistance is granted or the premises are vacated (décret n° 2025-1052).",
                    date=format_date(self.env, refusal_date),
                ),
            }
        )

    def action_new_step(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Record a step"),
            "res_model": "housing.legal.step",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    def action_new_plan(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("New repayment plan"),
            "res_model": "housing.repayment.plan",
            "view_mode": "form",
            "context": {
                "default_case_id": self.id,
                "default_debt_amount": self.debt_amount,
                "default_start_month": fields.Date.context_today(self) + relativedelta(months=1, day=1),
            },
        }

    def action_request_write_off(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Request a write-off"),
            "res_model": "housing.write.off",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    def _schedule_batch_activities(self, activity_xmlid, values):
        """One activity per case, created in one batch and without an assignment e-mail each (the scheduled jobs
        create them by the hundred; they show in each officer's activities and agenda). `activity_xmlid`: the XML id
        of the activity type, or the type itself.
        `values`: {case: {"summary", "note", "user_id", "date_deadline" (optional)}}."""
        if not values:
            return self.env["mail.activity"]
        activity_type = activity_xmlid if isinstance(activity_xmlid, models.BaseModel) else self.env.ref(activity_xmlid)
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": case.id,
                        "activity_type_id": activity_type.id,
                        "date_deadline": vals.get("date_deadline") or today,
                        "summary": vals["summary"],
                        "note": vals.get("note"),
                        "user_id": vals.get("user_id") or case.user_id.id or self.env.user.id,
                    }
                    for case, vals in values.items()
                ]
            )
        )

    # ------------------------------------------------------------------ unreachable tenant
    def _update_unreachable(self, today=None):
        """Flag the tenants who stopped answering: after N consecutive failed attempts or D days without a
        successful contact (company settings). Unflag them at the next successful contact."""
        today = today or fields.Date.context_today(self)
        newly = reached = self.browse()
        for case in self.filtered(lambda c: not c.is_closed):
            company = case.company_id
            reference = fields.Date.to_date(case.last_success_date) if case.last_success_date else case.date_open
            unreachable = (
                case.failed_attempts >= company.housing_unreachable_attempts
                or (today - reference).days >= company.housing_unreachable_days
            )
            if unreachable and not case.unreachable:
                newly |= case
            elif not unreachable and case.unreachable:
                reached |= case
        reached.write({"unreachable": False, "unreachable_since": False})
        if newly:
            newly.write({"unreachable": True, "unreachable_since": today})
            newly._on_unreachable()

    def _on_unreachable(self):
        """Hook: the tenants of these cases were just flagged unreachable. Warn the sector's prevention officer."""
        self._schedule_batch_activities(
            "housing_arrears.mail_activity_type_unreachable",
            {
                case: {
                    "summary": _("Tenant unreachable"),
                    "note": _(
                        "The tenant of case %(case)s has stopped answering (%(attempts)s failed attempts in a row). "
                        "A tenant who flees contact is the one most at risk: try another channel or a home visit.",
                        case=case.name,
                        attempts=case.failed_attempts,
                    ),
                    "user_id": (case.sector_id.prevention_user_id or case.user_id or self.env.user).id,
                }
                for case in self
            },
        )

    # ------------------------------------------------------------------ nightly detection
    @api.model
    def _cron_detect_arrears(self):
        """Open a case for every lease whose overdue tenant share reaches the threshold, refresh the open cases,
        close the cleared ones as settled. Idempotent; one company at a time, in chunks of leases within the time
        limit of the cron workers (see `housing.batch.cursor`)."""
        today = fields.Date.context_today(self)
        Case = self.sudo()
        self.env["housing.batch.cursor"]._run_pass(
            "arrears_detection",
            today,
            self.env["housing.batch.cursor"]._companies(),
            lambda company, after, size: Case.with_company(company)._detection_step(company, today, after, size),
            lambda company, after: len(Case._get_detection_lease_ids(company, after)),
        )

    def _get_detection_lease_ids(self, company, after_id, limit=None):
        """Ids of the leases the detection reads, after `after_id`, in order: those with an open receivable line
        and those of the open cases."""
        self.env["housing.ledger"]._flush()
        self.flush_model(["lease_id", "company_id", "is_closed", "active"])
        self.env.cr.execute(
            SQL(
                """SELECT lease_id FROM (%s UNION
                          SELECT lease_id FROM housing_arrears_case
                           WHERE company_id = %s AND active AND is_closed IS NOT TRUE AND lease_id > %s) leases
                    ORDER BY lease_id %s""",
                self.env["housing.ledger"]._open_items_leases_sql(company, after_id),
                company.id,
                after_id,
                SQL("LIMIT %s", limit) if limit else SQL(""),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _detection_step(self, company, today, after_id, size):
        """The detection of the next `size` leases after `after_id`: (last lease id done, number done)."""
        ids = self._get_detection_lease_ids(company, after_id, size)
        if not ids:
            return 0, 0
        self._detect_arrears(company, today, self.env["housing.lease"].browse(ids))
        return ids[-1], len(ids)

    def _detect_arrears(self, company, today, leases=None):
        """Detection on `leases` (default: every lease the detection reads in the company)."""
        Ledger = self.env["housing.ledger"]
        if leases is None:
            leases = self.env["housing.lease"].browse(self._get_detection_lease_ids(company, 0))
        open_cases = self.search(
            [("company_id", "=", company.id), ("is_closed", "=", False), ("lease_id", "in", leases.ids)]
        )
        positions = Ledger._get_positions(leases, today)
        to_open = self._get_leases_to_open(company, open_cases, today, positions=positions) & leases
        new_cases = self._open_cases(to_open, today)
        cases = open_cases | new_cases
        cases._refresh_from_accounting(today, positions)
        cleared = cases.filtered(lambda case: case.currency_id.compare_amounts(case.debt_amount, 0) <= 0)
        cleared._close_as_settled()
        (cases - cleared)._update_unreachable(today)
        (cases - cleared)._check_benefit_constitution(today)
        cleared._cancel_benefit_signal()
        (cases - cleared)._alert_limitation(today)
        # the next deadline is the first one still to come: it moves on with the days
        with_steps = (cases - cleared).filtered("next_deadline")
        if with_steps:
            self.env.add_to_compute(self._fields["next_deadline"], with_steps)
            with_steps.flush_recordset(["next_deadline"])
        return new_cases

    def _get_leases_to_open(self, company, open_cases, today, positions=None):
        """The leases without an open case whose overdue debt (due before today less the grace days, every credit
        imputed on it) reaches the threshold, in monthly tenant shares."""
        limit = today - timedelta(days=company.housing_case_grace_days)
        if positions is None:
            Ledger = self.env["housing.ledger"]
            positions = Ledger._get_positions(Ledger._get_leases_with_open_items(company), today)
        with_case = set(open_cases.lease_id.ids)
        currency = company.currency_id
        leases = self.env["housing.lease"]
        for lease, position in positions.items():
            if lease.id in with_case or lease.company_id != company:
                continue
            overdue = position.due_before(limit, strict=True)
            threshold = company.housing_case_threshold * lease.tenant_share
            if currency.compare_amounts(overdue, max(threshold, currency.rounding)) >= 0:
                leases |= lease
        return leases

    def _prepare_case_vals(self, lease, today):
        return {"lease_id": lease.id, "date_open": today}

    def _open_cases(self, leases, today):
        """Create the cases of these leases in batch: followers by officer and one opening note each, so that
        the number of queries does not grow with the number of cases."""
        if not leases:
            return self.browse()
        cases = self.with_context(tracking_disable=True, mail_create_nolog=True).create(
            [self._prepare_case_vals(lease, today) for lease in leases]
        )
        cases = cases.with_env(self.env)
        for officer in cases.user_id:
            cases.filtered(lambda case, officer=officer: case.user_id == officer).message_subscribe(
                partner_ids=officer.partner_id.ids
            )
        body = _("Case opened by the nightly arrears detection.")
        cases._message_log_batch(bodies=dict.fromkeys(cases.ids, body))
        return cases

    def _is_settled_amicably(self):
        """Never left the prevention pole, or cleared by a kept plan before any payment order."""
        self.ensure_one()
        kept = self.plan_ids.filtered(
            lambda plan: plan.state == "kept" and plan.kind in ("amicable", "benefit_payer", "fsl")
        )
        return not self.left_prevention or (bool(kept) and not self.payment_order_served)

    def _check_benefit_constitution(self, today):
        """Arrears constituted for the benefit payer (debt at twice the monthly net charge): the signalement is due
        within two months, as an activity of the pre-litigation officer."""
        constituted = self.filtered(
            lambda case: (
                case.lease_id.benefit_amount > 0
                and not case.constituted_date
                and case.currency_id.compare_amounts(case.debt_amount, case.benefit_threshold) >= 0
            )
        )
        values = {}
        for company in constituted.company_id:
            cases = constituted.filtered(lambda case, company=company: case.company_id == company)
            due = today + relativedelta(months=company.housing_signal_delay_months)
            cases.write({"constituted_date": today, "signal_due_date": due})
            for case in cases:
                values[case] = {
                    "date_deadline": due,
                    "summary": _("Signal the arrears to the benefit payer"),
                    "note": _(
                        "The arrears of %(debt)s reach the constitution threshold (%(threshold)s): signal them to "
                        "%(payer)s by %(date)s, by registered letter or on its online service (fine of up to "
                        "%(fine)s otherwise). Record the signalement as a step of the procedure.",
                        debt=tools.format_amount(self.env, case.debt_amount, case.currency_id),
                        threshold=tools.format_amount(self.env, case.benefit_threshold, case.currency_id),
                        payer=case.lease_id.benefit_payer_id.name or _("the benefit payer"),
                        date=format_date(self.env, due),
                        fine=tools.format_amount(self.env, company.housing_signal_fine_amount, case.currency_id),
                    ),
                    "user_id": case._get_procedure_officer("benefit_signal").id,
                }
        self._schedule_batch_activities("housing_arrears.mail_activity_type_benefit_signal", values)

    def _cancel_benefit_signal(self):
        """The debt was cleared before the signalement: nothing to signal any more."""
        pending = self.filtered(lambda case: case.constituted_date and not case.signal_date)
        if not pending:
            return
        signal_type = self.env.ref("housing_arrears.mail_activity_type_benefit_signal")
        pending.activity_ids.filtered(lambda activity: activity.activity_type_id == signal_type).unlink()
        pending.write({"constituted_date": False, "signal_due_date": False})
        pending._message_log_batch(
            bodies=dict.fromkeys(pending.ids, _("Debt cleared before the signalement to the benefit payer: cancelled."))
        )

    def _alert_limitation(self, today):
        """Warn the case officer once when the oldest unpaid rent nears its limitation."""
        alerted = self.filtered(
            lambda case: (
                case.limitation_date
                and today >= case.limitation_date - timedelta(days=case.company_id.housing_limitation_alert_days)
                and case.limitation_alert_date != case.limitation_date
            )
        )
        for limitation_date in set(alerted.mapped("limitation_date")):
            alerted.filtered(lambda case, day=limitation_date: case.limitation_date == day).write(
                {"limitation_alert_date": limitation_date}
            )
        self._schedule_batch_activities(
            "housing_arrears.mail_activity_type_limitation",
            {
                case: {
                    "date_deadline": min(case.limitation_date, today + timedelta(days=7)),
                    "summary": _("Unpaid rent nearing limitation"),
                    "note": _(
                        "The rent unpaid since %(date)s is time-barred on %(limit)s: act before (payment order, "
                        "summons) or consider a write-off.",
                        date=format_date(self.env, case.oldest_unpaid_date),
                        limit=format_date(self.env, case.limitation_date),
                    ),
                    "user_id": (case.user_id or self.env.user).id,
                }
                for case in alerted
            },
        )

    def _close_as_settled(self):
        """The debt is cleared, by the tenant or by anyone: the case closes as settled, and a running plan ends as
        kept, with nothing more billed."""
        if not self:
            return
        self.plan_ids.filtered(lambda plan: plan.state in ("active", "suspended"))._end_as_cleared(
            fields.Date.context_today(self)
        )
        stage = self.env["housing.arrears.stage"]._get_closing_stage("settled")
        if not stage:
            return
        for amicably in (True, False):
            cases = self.filtered(lambda case, amicably=amicably: case._is_settled_amicably() == amicably)
            if cases:
                cases.with_context(housing_closing=True).write({"stage_id": stage.id, "settled_amicably": amicably})
        body = _("Debt cleared: the case is closed as settled.")
        self._message_log_batch(bodies=dict.fromkeys(self.ids, body))
