from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount, format_date

PLAN_KINDS = [
    ("amicable", "Amicable"),
    ("benefit_payer", "Required by the benefit payer"),
    ("fsl", "Backed by the FSL"),
    ("judicial", "Judicial payment delays"),
    ("over_indebtedness", "Over-indebtedness commission measures"),
    ("cohesion_protocol", "Social cohesion protocol"),
]
AMICABLE_KINDS = ("amicable", "benefit_payer", "fsl")


class HousingRepaymentPlan(models.Model):
    """A repayment plan (plan d'apurement): the debt covered, repaid by monthly instalments billed with the rent."""

    _name = "housing.repayment.plan"
    _description = "Repayment Plan"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "start_month desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    case_id = fields.Many2one(
        "housing.arrears.case", required=True, ondelete="restrict", index=True, check_company=True
    )
    lease_id = fields.Many2one(related="case_id.lease_id", store=True, index=True)
    partner_id = fields.Many2one(related="case_id.partner_id", store=True, string="Tenant")
    agency_id = fields.Many2one(related="case_id.agency_id", store=True, index=True)
    sector_id = fields.Many2one(related="case_id.sector_id", store=True)
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    kind = fields.Selection(PLAN_KINDS, required=True, default="amicable", tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "Running"),
            ("suspended", "Suspended"),
            ("kept", "Kept"),
            ("broken", "Broken"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    debt_amount = fields.Monetary(string="Debt Covered", required=True, tracking=True)
    start_month = fields.Date(required=True, help="Month of the first instalment (billed with that month's rent).")
    computation = fields.Selection(
        [("count", "Number of instalments"), ("amount", "Instalment amount")],
        default="count",
        required=True,
    )
    instalment_count = fields.Integer(string="Instalments", default=12)
    instalment_amount = fields.Monetary()
    signature_date = fields.Date(tracking=True)
    signed_document = fields.Binary(attachment=True, copy=False)
    signed_document_name = fields.Char()
    line_ids = fields.One2many("housing.repayment.plan.line", "plan_id", string="Schedule")
    paid_amount = fields.Monetary(compute="_compute_progress", string="Repaid")
    remaining_amount = fields.Monetary(compute="_compute_progress", string="Still to Repay")
    start_debt = fields.Monetary(
        string="Debt Due at Signature",
        readonly=True,
        copy=False,
        help="The tenant's debt due on the signature date. At each due date the plan is kept when the debt due has "
        "gone down by the instalments that fell due: what was paid since the signature covers the current rents "
        "and the instalments, whoever paid and however it was lettered.",
    )
    broken_date = fields.Date(readonly=True, copy=False)
    kept_date = fields.Date(readonly=True, copy=False)
    suspended_date = fields.Date(
        readonly=True,
        copy=False,
        help="Admission of an over-indebtedness file: the plan is suspended, nothing is billed nor missed.",
    )
    note = fields.Text()

    @api.depends("kind", "case_id.name")
    def _compute_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for plan in self:
            plan.name = f"{labels.get(plan.kind, '')} - {plan.case_id.name or ''}"

    @api.depends("line_ids.state", "line_ids.amount")
    def _compute_progress(self):
        for plan in self:
            plan.paid_amount = sum(plan.line_ids.filtered(lambda line: line.state == "paid").mapped("amount"))
            plan.remaining_amount = 0.0 if plan.state == "kept" else max(plan.debt_amount - plan.paid_amount, 0.0)

    @api.constrains("debt_amount", "instalment_count", "instalment_amount", "computation", "company_id")
    def _check_amounts(self):
        for plan in self:
            if plan.debt_amount <= 0 and plan.kind != "cohesion_protocol":
                raise ValidationError(_("The debt covered by a repayment plan must be greater than zero."))
            if plan.computation == "count" and plan.instalment_count < 1:
                raise ValidationError(_("A repayment plan has at least one instalment."))
            if plan.computation == "amount" and plan.instalment_amount <= 0:
                raise ValidationError(_("The instalment amount must be greater than zero."))
            maximum = plan.company_id.housing_plan_max_instalments
            if plan._instalment_total() > maximum:
                raise ValidationError(
                    _(
                        "A repayment plan has at most %(maximum)s monthly instalments (setting): raise the "
                        "instalment or shorten the plan.",
                        maximum=maximum,
                    )
                )

    @api.constrains("debt_amount", "case_id")
    def _check_debt_amount(self):
        for plan in self:
            plan._check_debt_covered()

    def _check_debt_covered(self, on_date=None):
        """A plan covers at most the debt due on the case."""
        self.ensure_one()
        case = self.case_id
        if self.state != "draft" or self.kind == "cohesion_protocol" or not case:
            return
        due = case._get_position(on_date).due
        if case.currency_id.compare_amounts(self.debt_amount, due) > 0:
            raise ValidationError(
                _(
                    "The plan covers %(covered)s but the tenant owes %(due)s of debt due on case %(case)s: a plan "
                    "cannot cover more than the debt. Lower the debt covered.",
                    covered=format_amount(self.env, self.debt_amount, case.currency_id),
                    due=format_amount(self.env, due, case.currency_id),
                    case=case.name,
                )
            )

    @api.constrains("signature_date")
    def _check_signature_date(self):
        today = fields.Date.context_today(self)
        for plan in self:
            if plan.signature_date and plan.signature_date > today:
                raise ValidationError(_("The signature date of a plan cannot be in the future."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("start_month"):
                vals["start_month"] = fields.Date.to_date(vals["start_month"]).replace(day=1)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("start_month"):
            vals["start_month"] = fields.Date.to_date(vals["start_month"]).replace(day=1)
        frozen = {"debt_amount", "start_month", "computation", "instalment_count", "instalment_amount", "kind"}
        if frozen & set(vals) and any(plan.state != "draft" for plan in self):
            raise UserError(_("A signed repayment plan cannot be changed: cancel it and draw up a new one."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        if any(plan.state != "draft" for plan in self):
            raise UserError(_("A signed repayment plan cannot be deleted: cancel it instead."))

    # ------------------------------------------------------------------ schedule
    def _instalment_total(self):
        self.ensure_one()
        if self.computation == "count":
            return self.instalment_count
        if self.instalment_amount <= 0:
            return 0
        count = int(self.debt_amount // self.instalment_amount)
        return count + (
            1 if self.currency_id.compare_amounts(count * self.instalment_amount, self.debt_amount) < 0 else 0
        )

    def _prepare_schedule(self):
        """[(month, amount)]: equal instalments, the last one takes the rounding."""
        self.ensure_one()
        count = self._instalment_total()
        if not count or self.debt_amount <= 0:
            return []
        currency = self.currency_id
        amount = self.instalment_amount if self.computation == "amount" else currency.round(self.debt_amount / count)
        schedule, left = [], self.debt_amount
        for index in range(count):
            value = currency.round(left if index == count - 1 else min(amount, left))
            schedule.append((self.start_month + relativedelta(months=index), value))
            left -= value
        return schedule

    def action_generate_schedule(self):
        for plan in self:
            if plan.state != "draft":
                raise UserError(_("Only the schedule of a draft plan can be generated again."))
            plan.line_ids.unlink()
            plan.line_ids = [
                fields.Command.create({"sequence": index + 1, "month": month, "amount": amount})
                for index, (month, amount) in enumerate(plan._prepare_schedule())
            ]
        return True

    def action_sign(self):
        for plan in self:
            if plan.state != "draft":
                raise UserError(_("Only a draft plan can be signed."))
            if not plan.signature_date:
                raise UserError(_("Enter the signature date of the plan."))
            if not plan.line_ids:
                plan.action_generate_schedule()
            running = plan.case_id.plan_ids.filtered(lambda other: other.state in ("active", "suspended"))
            if running:
                raise UserError(_("Case %(case)s already has a running plan: cancel it first.", case=plan.case_id.name))
            plan._check_debt_covered(plan.signature_date)
            start_debt = plan.case_id._get_position(plan.signature_date).due
            plan.write({"state": "active", "start_debt": start_debt})
            plan.case_id._on_plan_signed(plan)
        return True

    def action_cancel(self):
        for plan in self:
            if plan.state not in ("draft", "active", "suspended"):
                raise UserError(_("Only a draft or running plan can be cancelled."))
        self.write({"state": "cancelled"})
        self.line_ids.filtered(lambda line: line.state == "to_bill").write({"state": "cancelled"})
        return True

    # ------------------------------------------------------------------ monitoring
    def _allowed_debt(self, line):
        """The most the tenant may owe once instalment `line` fell due: the debt due at the signature less the
        instalments due so far (each current rent is to be paid as it falls due)."""
        self.ensure_one()
        due_so_far = sum(
            other.amount
            for other in self.line_ids
            if other.state in ("billed", "paid", "missed")
            and (other.month, other.sequence) <= (line.month, line.sequence)
        )
        return self.start_debt - due_so_far

    def _debt_left(self, position):
        """What is left to repay of the debt covered, after what the tenant (or anyone) paid beyond the current rents:
        the debt due now, less what was owed at the signature beyond the debt covered."""
        self.ensure_one()
        return max(min(position.due - (self.start_debt - self.debt_amount), self.debt_amount), 0.0)

    @api.model
    def _check_date(self, line):
        """The day after which an instalment is judged: its notice's due date plus the grace days."""
        due = line.invoice_id.invoice_date_due or line.month
        return due + timedelta(days=line.plan_id.company_id.housing_case_grace_days)

    @api.model
    def _cron_monitor_plans(self):
        """Judge the plans by amounts, not by the lettering of one notice. Once the grace days after the due date of
        an instalment have passed, it is kept when the debt due on that day is no more than the debt due at the
        signature less the instalments due so far; otherwise the plan is broken. A plan whose covered debt is
        cleared (by the tenant, the FSL or anyone) ends as kept. Idempotent: each instalment is judged on its own
        day, whenever the job runs; one company at a time, in chunks within the time limit of the cron workers."""
        today = fields.Date.context_today(self)
        Plan = self.sudo()

        def plan_ids(company, after, limit=None):
            return Plan.search(
                [("company_id", "=", company.id), ("state", "=", "active"), ("id", ">", after)],
                order="id",
                limit=limit,
            ).ids

        def step(company, after, size):
            ids = plan_ids(company, after, size)
            if not ids:
                return 0, 0
            Plan.with_company(company).browse(ids)._monitor(today)
            return ids[-1], len(ids)

        self.env["housing.batch.cursor"]._run_pass(
            "plan_monitor",
            today,
            self.env["housing.batch.cursor"]._companies(),
            step,
            lambda company, after: len(plan_ids(company, after)),
        )

    def _monitor(self, today):
        """Judge these running plans (of one company) on their due instalments."""
        Ledger = self.env["housing.ledger"]
        plans = self.filtered(lambda plan: plan.state == "active")
        if not plans:
            return
        positions = Ledger._get_positions(plans.lease_id, today)
        cleared = plans.filtered(
            lambda plan: plan.currency_id.compare_amounts(plan._debt_left(positions[plan.lease_id]), 0) <= 0
        )
        cleared._end_as_cleared(today)
        lines = (plans - cleared).line_ids.filtered(lambda line: line.state == "billed")
        due = lines.filtered(lambda line: self._check_date(line) < today)
        # one position per lease and judging day (a day per month of due instalments, not per instalment)
        by_day = defaultdict(lambda: self.env["housing.repayment.plan.line"])
        for line in due:
            by_day[self._check_date(line)] |= line
        paid = missed = self.env["housing.repayment.plan.line"]
        for day in sorted(by_day):
            day_lines = by_day[day]
            day_positions = Ledger._get_positions(day_lines.plan_id.lease_id, day)
            for line in day_lines.sorted(lambda line: (line.month, line.sequence)):
                plan = line.plan_id
                allowed = plan._allowed_debt(line)
                if plan.currency_id.compare_amounts(day_positions[plan.lease_id].due, allowed) <= 0:
                    paid |= line
                else:
                    missed |= line
        paid.write({"state": "paid"})
        missed.write({"state": "missed"})
        missed.plan_id._break(today)
        done = (paid.plan_id - missed.plan_id).filtered(
            lambda plan: all(line.state in ("paid", "cancelled") for line in plan.line_ids)
        )
        done._mark_kept(today, _("Every instalment was paid: the plan is kept."))

    def _mark_kept(self, on_date, body):
        plans = self.filtered(lambda plan: plan.state in ("active", "suspended"))
        if not plans:
            return
        plans.line_ids.filtered(lambda line: line.state == "to_bill").write({"state": "cancelled"})
        plans.write({"state": "kept", "kept_date": on_date})
        plans._message_log_batch(bodies=dict.fromkeys(plans.ids, body))
        plans.filtered(lambda plan: plan.kind == "judicial").case_id._clause_deemed_never_acquired(on_date)

    def _end_as_cleared(self, on_date):
        """The debt covered is cleared: the plan ends as kept, nothing more is billed; the instalments billed and
        not yet judged count as paid."""
        self.line_ids.filtered(lambda line: line.state == "billed").write({"state": "paid"})
        self._mark_kept(
            on_date, _("The debt covered by the plan is cleared: the plan ends as kept, nothing more is billed.")
        )

    def _suspend(self, on_date):
        """Admission of an over-indebtedness file: the running plans are suspended (nothing billed, nothing missed,
        no suspension of the termination clause lifted) until the commission's measures replace them."""
        running = self.filtered(lambda plan: plan.state == "active")
        if not running:
            return
        running.write({"state": "suspended", "suspended_date": on_date})
        running._message_log_batch(
            bodies=dict.fromkeys(
                running.ids,
                _(
                    "Over-indebtedness file admitted on %(date)s: the plan is suspended, nothing is billed nor "
                    "missed until it is resumed or replaced by the commission's measures.",
                    date=format_date(self.env, on_date),
                ),
            )
        )

    def action_resume(self):
        """Resume a suspended plan: the instalments left start again with the next rent."""
        next_month = fields.Date.context_today(self) + relativedelta(months=1, day=1)
        for plan in self:
            if plan.state != "suspended":
                raise UserError(_("Only a suspended plan can be resumed."))
            left = plan.line_ids.filtered(lambda line: line.state == "to_bill").sorted("sequence")
            for index, line in enumerate(left):
                line.month = next_month + relativedelta(months=index)
            plan.write({"state": "active", "suspended_date": False})
            plan.message_post(body=_("Plan resumed: the instalments left start again with the next rent."))
        return True

    def _break(self, on_date):
        """The plan is broken at its first missed payment: the case officer is told; a judicial plan's suspension
        of the termination clause is lifted and the litigation officer told. In batch: one write, one activity
        create, whatever the number of plans."""
        plans = self.filtered(lambda plan: plan.state == "active")
        if not plans:
            return
        plans.write({"state": "broken", "broken_date": on_date})
        plans.line_ids.filtered(lambda line: line.state == "to_bill").write({"state": "cancelled"})
        bodies = {}
        for plan in plans:
            missed = plan.line_ids.filtered(lambda line: line.state == "missed").sorted("sequence")[:1]
            bodies[plan] = _(
                "Instalment %(number)s of %(month)s was not paid with the rent: the plan is broken.",
                number=missed.sequence,
                month=format_date(self.env, missed.month, date_format="MMMM y"),
            )
        plans._message_log_batch(bodies={plan.id: body for plan, body in bodies.items()})
        plans.case_id._schedule_batch_activities(
            "housing_arrears.mail_activity_type_procedure",
            {
                plan.case_id: {
                    "summary": _("Repayment plan broken"),
                    "note": body,
                    "user_id": (plan.case_id.user_id or self.env.user).id,
                }
                for plan, body in bodies.items()
            },
        )
        plans.filtered(lambda plan: plan.kind == "judicial").case_id._lift_clause_suspension(on_date)

    # ------------------------------------------------------------------ billing with the rent
    @api.model
    def _get_lines_to_bill(self, leases, month, today=None):
        """The instalments of the running plans to bill with the rent of `month`, each lowered to the debt left of
        its plan (an instalment never exceeds the debt left); a plan whose covered debt is cleared ends as kept
        instead."""
        lines = self.env["housing.repayment.plan.line"].search(
            [
                ("plan_id.lease_id", "in", leases.ids),
                ("plan_id.state", "=", "active"),
                ("state", "=", "to_bill"),
                ("month", "<=", month),
            ],
            order="month, id",
        )
        if not lines:
            return lines
        today = today or fields.Date.context_today(self)
        positions = self.env["housing.ledger"]._get_positions(lines.plan_id.lease_id, today)
        cleared = self.browse()
        for plan in lines.plan_id:
            left = plan._debt_left(positions[plan.lease_id])
            for line in lines.filtered(lambda line, plan=plan: line.plan_id == plan):
                if plan.currency_id.compare_amounts(left, 0) <= 0:
                    lines -= line
                    continue
                if plan.currency_id.compare_amounts(line.amount, left) > 0:
                    plan.message_post(
                        body=_(
                            "Instalment %(number)s lowered from %(amount)s to %(left)s: the debt left.",
                            number=line.sequence,
                            amount=format_amount(self.env, line.amount, plan.currency_id),
                            left=format_amount(self.env, left, plan.currency_id),
                        )
                    )
                    line.amount = left
                left -= line.amount
            if plan.currency_id.compare_amounts(plan._debt_left(positions[plan.lease_id]), 0) <= 0:
                cleared |= plan
        cleared._end_as_cleared(today)
        return lines

    def _instalment_label(self, line):
        return _(
            "Repayment plan instalment %(number)s/%(count)s (%(amount)s)",
            number=line.sequence,
            count=len(line.plan_id.line_ids),
            amount=format_amount(self.env, line.amount, line.currency_id),
        )


class HousingRepaymentPlanLine(models.Model):
    _name = "housing.repayment.plan.line"
    _description = "Repayment Plan Instalment"
    _order = "plan_id, sequence"

    plan_id = fields.Many2one("housing.repayment.plan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    sequence = fields.Integer(string="Instalment No.")
    month = fields.Date(required=True)
    amount = fields.Monetary(required=True)
    state = fields.Selection(
        [
            ("to_bill", "To bill"),
            ("billed", "Billed"),
            ("paid", "Paid"),
            ("missed", "Missed"),
            ("cancelled", "Cancelled"),
        ],
        default="to_bill",
        required=True,
        index=True,
    )
    invoice_id = fields.Many2one("account.move", string="Rent Invoice", readonly=True, index="btree_not_null")

    @api.constrains("amount")
    def _check_amount(self):
        for line in self:
            if line.amount <= 0:
                raise ValidationError(_("An instalment must be greater than zero."))
