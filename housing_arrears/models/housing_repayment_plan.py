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
    broken_date = fields.Date(readonly=True, copy=False)
    kept_date = fields.Date(readonly=True, copy=False)
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
            plan.remaining_amount = plan.debt_amount - plan.paid_amount

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
            running = plan.case_id.plan_ids.filtered(lambda other: other.state == "active")
            if running:
                raise UserError(_("Case %(case)s already has a running plan: cancel it first.", case=plan.case_id.name))
            plan.state = "active"
            plan.case_id._on_plan_signed(plan)
        return True

    def action_cancel(self):
        for plan in self:
            if plan.state not in ("draft", "active"):
                raise UserError(_("Only a draft or running plan can be cancelled."))
        self.write({"state": "cancelled"})
        self.line_ids.filtered(lambda line: line.state == "to_bill").write({"state": "cancelled"})
        return True

    # ------------------------------------------------------------------ monitoring
    @api.model
    def _cron_monitor_plans(self):
        """After each due date (plus the grace days), an instalment is kept when its rent invoice (current rent and
        instalment) is paid; the first miss breaks the plan. Idempotent."""
        today = fields.Date.context_today(self)
        lines = self.env["housing.repayment.plan.line"].search(
            [("state", "=", "billed"), ("plan_id.state", "=", "active")], order="month, id"
        )
        due = lines.filtered(
            lambda line: (
                line.invoice_id.invoice_date_due + timedelta(days=line.plan_id.company_id.housing_case_grace_days)
                < today
            )
        )
        paid = due.filtered(lambda line: line.invoice_id.payment_state in ("paid", "in_payment", "reversed"))
        paid.write({"state": "paid"})
        missed = due - paid
        missed.write({"state": "missed"})
        missed.plan_id._break(today)
        done = (paid.plan_id - missed.plan_id).filtered(
            lambda plan: all(line.state in ("paid", "cancelled") for line in plan.line_ids)
        )
        done.write({"state": "kept", "kept_date": today})
        for plan in done:
            plan.message_post(body=_("Every instalment was paid: the plan is kept."))

    def _break(self, on_date):
        """The plan is broken at its first missed payment: the case officer is told; a judicial plan's suspension
        of the termination clause is lifted and the litigation officer told."""
        todo = self.env.ref("housing_arrears.mail_activity_type_procedure")
        for plan in self.filtered(lambda p: p.state == "active"):
            plan.write({"state": "broken", "broken_date": on_date})
            plan.line_ids.filtered(lambda line: line.state == "to_bill").write({"state": "cancelled"})
            missed = plan.line_ids.filtered(lambda line: line.state == "missed")[:1]
            body = _(
                "Instalment %(number)s of %(month)s was not paid with the rent: the plan is broken.",
                number=missed.sequence,
                month=format_date(self.env, missed.month, date_format="MMMM y"),
            )
            plan.message_post(body=body)
            plan.case_id.activity_schedule(
                activity_type_id=todo.id,
                summary=_("Repayment plan broken"),
                note=body,
                user_id=(plan.case_id.user_id or self.env.user).id,
            )
            if plan.kind == "judicial":
                plan.case_id._lift_clause_suspension(plan, on_date)

    # ------------------------------------------------------------------ billing with the rent
    @api.model
    def _get_lines_to_bill(self, leases, month):
        return self.env["housing.repayment.plan.line"].search(
            [
                ("plan_id.lease_id", "in", leases.ids),
                ("plan_id.state", "=", "active"),
                ("state", "=", "to_bill"),
                ("month", "<=", month),
            ],
            order="month, id",
        )

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
