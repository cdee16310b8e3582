import calendar
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import format_date


class HousingRentCall(models.Model):
    """The monthly rent call (quittancement): one posted invoice per lease, the housing benefit billed to its payer."""

    _name = "housing.rent.call"
    _description = "Monthly Rent Call"
    _inherit = ["mail.thread"]
    _order = "period_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    period_start = fields.Date(
        string="Period",
        required=True,
        help="Month of the rent call (its first day). Leases billed in arrears are billed for the "
        "previous month, leases billed in advance for this month.",
    )
    due_date = fields.Date(compute="_compute_due_date", store=True, help="Date of the rent invoices.")
    state = fields.Selection([("draft", "To Run"), ("done", "Done")], default="draft", required=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one("res.users", string="Run By", readonly=True)
    run_date = fields.Datetime(string="Run On", readonly=True)
    invoice_ids = fields.One2many("account.move", "housing_rent_call_id", string="Invoices", readonly=True)
    invoice_count = fields.Integer(compute="_compute_totals")
    amount_total = fields.Monetary(compute="_compute_totals", string="Total Called")

    _sql_constraints = [
        (
            "period_company_uniq",
            "unique(period_start, company_id)",
            "A rent call already exists for this period.",
        ),
    ]

    @api.depends("period_start")
    def _compute_name(self):
        for call in self:
            call.name = (
                _("Rent call %(period)s", period=format_date(self.env, call.period_start, date_format="MMMM y"))
                if call.period_start
                else _("New rent call")
            )

    @api.depends("period_start", "company_id.housing_due_day")
    def _compute_due_date(self):
        for call in self:
            if call.period_start:
                last_day = calendar.monthrange(call.period_start.year, call.period_start.month)[1]
                call.due_date = call.period_start.replace(day=min(call.company_id.housing_due_day or 1, last_day))
            else:
                call.due_date = False

    def _compute_totals(self):
        data = {
            call: (count, total)
            for call, count, total in self.env["account.move"]._read_group(
                [("housing_rent_call_id", "in", self.ids), ("state", "=", "posted")],
                ["housing_rent_call_id"],
                ["__count", "amount_total_signed:sum"],
            )
        }
        for call in self:
            call.invoice_count, call.amount_total = data.get(call, (0, 0.0))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("period_start"):
                vals["period_start"] = fields.Date.to_date(vals["period_start"]).replace(day=1)
                self._check_period_free(vals["period_start"], vals.get("company_id") or self.env.company.id)
        return super().create(vals_list)

    def _check_period_free(self, period_start, company_id):
        if self.search_count([("company_id", "=", company_id), ("period_start", "=", period_start)], limit=1):
            raise ValidationError(
                _(
                    "A rent call already exists for %(period)s: open it and run it again to bill the "
                    "leases it missed; it never bills a lease twice.",
                    period=format_date(self.env, period_start, date_format="MMMM y"),
                )
            )

    def write(self, vals):
        if "period_start" in vals:
            if any(call.state == "done" for call in self):
                raise UserError(_("The period of a rent call that has run cannot be changed."))
            vals["period_start"] = fields.Date.to_date(vals["period_start"]).replace(day=1)
            for call in self:
                if call.period_start != vals["period_start"]:
                    self._check_period_free(vals["period_start"], vals.get("company_id") or call.company_id.id)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if any(call.state == "done" or call.invoice_ids for call in self):
            raise UserError(_("A rent call that has issued invoices cannot be deleted."))

    # ------------------------------------------------------------------ actions
    def action_run(self):
        """Bill every lease of the period that this call has not billed yet, then post the invoices."""
        for call in self:
            moves = call._create_invoices()
            call.write({"state": "done", "user_id": self.env.uid, "run_date": fields.Datetime.now()})
            call.message_post(
                body=_("%(count)s invoices issued.", count=len(moves)),
            )
        return True

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action["domain"] = [("housing_rent_call_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------ business
    def _create_invoices(self):
        """One `create` for all the invoices, one `action_post`. The rent call logs its own message; the invoices
        are created and posted without one chatter message and follower per invoice (`tracking_disable`)."""
        self.ensure_one()
        leases = self._get_leases_to_bill()
        instalments = self.env["housing.repayment.plan"]._get_lines_to_bill(leases, self.period_start)
        vals_list = self._prepare_invoice_vals_list(leases, instalments)
        moves = self.env["account.move"].with_context(tracking_disable=True).create(vals_list)
        moves.action_post()
        moves = moves.with_env(self.env)
        if instalments:
            self._reschedule_instalments(moves, instalments)
        self._refund_departed_credits(moves)
        return moves

    def _get_leases_to_bill_domain(self):
        self.ensure_one()
        period_end = self.period_start + relativedelta(months=1, days=-1)
        return [
            ("company_id", "=", self.company_id.id),
            ("state", "in", ("active", "ended")),
            ("date_start", "<=", period_end),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", self.period_start - relativedelta(months=1)),
        ]

    def _get_leases_to_bill(self):
        """Leases with days to bill in their billed month, less those this call already billed."""
        self.ensure_one()
        leases = self.env["housing.lease"].search(self._get_leases_to_bill_domain())
        billed = {
            lease.id
            for [lease] in self.env["account.move"]._read_group(
                [("housing_rent_call_id", "=", self.id), ("lease_id", "!=", False)], ["lease_id"]
            )
        }
        # a departed tenant's repayment plan is still billed, on an invoice of its own
        with_instalments = (
            self.env["housing.repayment.plan.line"]
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("plan_id.state", "=", "active"),
                    ("plan_id.lease_id.state", "=", "ended"),
                    ("state", "=", "to_bill"),
                    ("month", "<=", self.period_start),
                ]
            )
            .plan_id.lease_id
        )
        return (leases | with_instalments).filtered(
            lambda lease: lease.id not in billed and (lease in with_instalments or self._billed_days(lease)[0])
        )

    def _billed_days(self, lease):
        """(days billed, days in the month) for a lease in this call."""
        month = lease._billed_month(self.period_start)
        month_days = calendar.monthrange(month.year, month.month)[1]
        month_end = month.replace(day=month_days)
        start = max(lease.date_start, month)
        end = min(lease.date_end or month_end, month_end)
        return max((end - start).days + 1, 0), month_days

    def _prepare_invoice_vals_list(self, leases, instalments=None):
        """Values of the tenant invoices, plus one invoice per benefit payer for the benefit paid to the landlord.
        `instalments`: the repayment plan lines billed with the rent, each as a line of its lease's invoice."""
        self.ensure_one()
        instalments_by_lease = {}
        for line in instalments or ():
            instalments_by_lease.setdefault(line.plan_id.lease_id, []).append(line)
        journal = self.company_id._housing_rent_journal()
        if not journal:
            raise UserError(
                _("The company %(company)s has no sales journal for the rent.", company=self.company_id.name)
            )
        products = self._get_products()
        month_labels = {}
        vals_list = []
        benefit_lines = defaultdict(list)
        for lease in leases:
            month = lease._billed_month(self.period_start)
            if month not in month_labels:
                month_labels[month] = format_date(self.env, month, date_format="MMMM y")
            amounts = self._compute_lease_amounts(lease)
            lines = self._prepare_lease_lines(lease, amounts, products, month_labels[month])
            lines += self._prepare_instalment_lines(instalments_by_lease.get(lease, ()), products)
            vals_list.append(self._prepare_tenant_invoice_vals(lease, journal, month, month_labels[month], lines))
            if amounts["benefit"]:
                benefit_lines[lease.benefit_payer_id].append(
                    Command.create(
                        {
                            "product_id": products["benefit"].id,
                            "name": _(
                                "Housing benefit %(month)s, lease %(lease)s, %(tenant)s",
                                month=month_labels[month],
                                lease=lease.name,
                                tenant=lease.partner_id.name,
                            ),
                            "quantity": 1.0,
                            "price_unit": amounts["benefit"],
                            "tax_ids": [],
                            "housing_lease_id": lease.id,
                        }
                    )
                )
        for payer, lines in benefit_lines.items():
            vals_list.append(self._prepare_payer_invoice_vals(payer, journal, lines))
        return vals_list

    def _get_products(self):
        ref = self.env.ref
        return {
            "instalment": ref("housing_arrears.product_plan_instalment"),
            "rent": ref("housing_arrears.product_rent"),
            "charges": ref("housing_arrears.product_charges"),
            "sls": ref("housing_arrears.product_sls"),
            "rls": ref("housing_arrears.product_rls"),
            "benefit": ref("housing_arrears.product_benefit"),
        }

    def _compute_lease_amounts(self, lease):
        """Amounts billed to a lease for the month this call bills it.

        Rent, charges and SLS are prorated by days when the lease starts or ends within the month. The benefit
        payer pays no RLS and no benefit for the month of entry, and prorates neither in the month of departure:
        the payer is billed what it pays, and what the month's benefit and RLS exceed of the prorated rent is
        credited to the tenant (a credit note), refunded when the tenant owes nothing.
        """
        currency = self.company_id.currency_id
        days, month_days = self._billed_days(lease)
        ratio = days / month_days
        month = lease._billed_month(self.period_start)
        entry_month = lease.date_start >= month
        rent = currency.round(lease.rent_amount * ratio)
        charges = currency.round(lease.charges_amount * ratio)
        sls = currency.round(lease.sls_amount * ratio)
        rls = 0.0 if entry_month else lease.rls_amount
        benefit = 0.0
        if lease.benefit_to_landlord and lease.benefit_payer_id and not entry_month:
            benefit = lease.benefit_amount
        return {
            "days": days,
            "month_days": month_days,
            "rent": rent,
            "charges": charges,
            "sls": sls,
            "rls": currency.round(rls),
            "benefit": currency.round(benefit),
        }

    def _prepare_lease_lines(self, lease, amounts, products, month_label):
        prorata = ""
        if amounts["days"] != amounts["month_days"]:
            prorata = " " + _(
                "(%(days)s days out of %(month_days)s)", days=amounts["days"], month_days=amounts["month_days"]
            )
        specs = [
            ("rent", _("Rent %(month)s", month=month_label) + prorata, amounts["rent"]),
            ("charges", _("Charges provision %(month)s", month=month_label) + prorata, amounts["charges"]),
            ("sls", _("Rent supplement (SLS) %(month)s", month=month_label), amounts["sls"]),
            ("rls", _("Rent reduction (RLS) %(month)s", month=month_label), -amounts["rls"]),
            (
                "benefit",
                _("Housing benefit paid by %(payer)s (third-party payment)", payer=lease.benefit_payer_id.name or ""),
                -amounts["benefit"],
            ),
        ]
        return [
            Command.create(
                {
                    "product_id": products[key].id,
                    "name": label,
                    "quantity": 1.0,
                    "price_unit": amount,
                    "tax_ids": [],
                }
            )
            for key, label, amount in specs
            if amount
        ]

    def _prepare_instalment_lines(self, plan_lines, products):
        if not plan_lines:
            return []
        account = self.company_id._housing_plan_transit_account()
        Plan = self.env["housing.repayment.plan"]
        return [
            Command.create(
                {
                    "product_id": products["instalment"].id,
                    "name": Plan._instalment_label(line),
                    "quantity": 1.0,
                    "price_unit": line.amount,
                    "tax_ids": [],
                    "account_id": account.id,
                    "housing_plan_line_id": line.id,
                    "housing_instalment": True,
                }
            )
            for line in plan_lines
        ]

    def _reschedule_instalments(self, moves, instalments):
        """The instalment billed on this month's notice is taken off the old debt: one entry for the whole call
        moves each instalment from the transit account back to the tenant's receivable, lettered with the oldest
        unpaid items of the lease. The receivable stays one: the tenant owes the same, due later. (The ledger sees
        through the move: the old debt keeps its age.)"""
        invoice_lines = moves.invoice_line_ids.filtered("housing_plan_line_id")
        for line in invoice_lines:
            line.housing_plan_line_id.write({"invoice_id": line.move_id.id, "state": "billed"})
        account = self.company_id._housing_plan_transit_account()
        Ledger = self.env["housing.ledger"]
        entry = Ledger._post_entry(
            self.company_id,
            "plan",
            self.due_date,
            _("Repayment plan instalments, %(call)s", call=self.name),
            [
                {
                    "lease": line.move_id.lease_id,
                    "amount": line.credit,
                    "account": account,
                    "label": line.name,
                    "maturity": self.due_date,
                }
                for line in invoice_lines
            ],
            extra_vals={"housing_rent_call_id": self.id},
        )
        # letter with the old debt, not with this call's notices
        credits = entry.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
        old_debt = Ledger._get_open_debit_lines(credits.housing_lease_id).filtered(
            lambda line: line.move_id not in moves
        )
        plan = []
        for lease in credits.housing_lease_id:
            lease_credits = credits.filtered(lambda line, lease=lease: line.housing_lease_id == lease)
            lease_debt = old_debt.filtered(lambda line, lease=lease: line.housing_lease_id == lease)
            if lease_debt:
                plan.append(lease_credits | lease_debt)
        if account.reconcile:
            transit = entry.line_ids.filtered(lambda line: line.account_id == account) | invoice_lines
            plan += [
                transit.filtered(lambda line, partner=partner: line.partner_id == partner)
                for partner in transit.partner_id
            ]
        if plan:
            self.env["account.move.line"]._reconcile_plan(plan)

    def _refund_departed_credits(self, moves):
        """A departed tenant left in credit by the departure month's credit note (benefit and RLS not prorated) is
        refunded: a draft refund payment for the accountant to send, when the tenant owes nothing."""
        refunds = moves.filtered(lambda move: move.move_type == "out_refund" and move.lease_id)
        if not refunds:
            return
        today = fields.Date.context_today(self)
        positions = self.env["housing.ledger"]._get_positions(refunds.lease_id, max(today, self.due_date))
        journal = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", self.company_id.id)], limit=1
        )
        payments = []
        for refund in refunds:
            lease = refund.lease_id
            credit = -positions[lease].balance
            if not journal or self.currency_id.compare_amounts(credit, 0) <= 0:
                continue
            payments.append(
                {
                    "payment_type": "outbound",
                    "partner_type": "customer",
                    "partner_id": lease.partner_id.commercial_partner_id.id,
                    "amount": min(credit, refund.amount_total),
                    "journal_id": journal.id,
                    "date": max(today, self.due_date),
                    "memo": _("Refund of the housing benefit overpaid, lease %(lease)s", lease=lease.name),
                    "housing_lease_id": lease.id,
                }
            )
        if payments:
            created = self.env["account.payment"].create(payments)
            self.message_post(
                body=_(
                    "%(count)s departed tenants are in credit after their last notice: the refund payments are "
                    "drafted for the accountant.",
                    count=len(created),
                )
            )

    def _prepare_tenant_invoice_vals(self, lease, journal, month, month_label, lines):
        """The tenant's notice; a credit note instead when the month credits the tenant (departure month: the
        benefit and the RLS of the whole month against a prorated rent)."""
        move_type = "out_invoice"
        total = sum(command[2]["price_unit"] * command[2]["quantity"] for command in lines)
        if self.currency_id.compare_amounts(total, 0) < 0:
            move_type = "out_refund"
            lines = [Command.create({**command[2], "price_unit": -command[2]["price_unit"]}) for command in lines]
        return {
            "move_type": move_type,
            "partner_id": lease.partner_id.id,
            "journal_id": journal.id,
            "invoice_date": self.due_date,
            "date": self.due_date,
            "invoice_date_due": self.due_date,
            "invoice_payment_term_id": False,
            "payment_reference": lease.name,
            "ref": _("Rent %(month)s", month=month_label),
            "lease_id": lease.id,
            "housing_rent_call_id": self.id,
            "housing_period": month,
            "invoice_line_ids": lines,
        }

    def _prepare_payer_invoice_vals(self, payer, journal, lines):
        return {
            "move_type": "out_invoice",
            "partner_id": payer.id,
            "journal_id": journal.id,
            "invoice_date": self.due_date,
            "date": self.due_date,
            "invoice_date_due": self.due_date,
            "invoice_payment_term_id": False,
            "ref": _("Housing benefit, %(call)s", call=self.name),
            "housing_rent_call_id": self.id,
            "housing_period": self.period_start,
            "invoice_line_ids": lines,
        }

    @api.model
    def _cron_run_rent_calls(self):
        """From the configured day of the month, run the rent call of the coming month (idempotent)."""
        today = fields.Date.context_today(self)
        for company in self.env["res.company"].search([("chart_template", "!=", False)]):
            if today.day < company.housing_rent_call_day:
                continue
            period = (today + relativedelta(months=1)).replace(day=1)
            call = self.search([("company_id", "=", company.id), ("period_start", "=", period)])
            if not call:
                call = self.with_company(company).create({"period_start": period, "company_id": company.id})
            if call.state == "draft":
                call.with_company(company).action_run()
