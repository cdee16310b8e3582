import calendar
import time
from collections import defaultdict

import psycopg2
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import SQL, format_date

# leases billed per step of the scheduled action: from BATCH_MIN, sized to the time limit of the cron workers
BATCH_MIN = 10
BATCH_SIZE = 500
# leases billed per create and post when the call runs in one go
BATCH_CHUNK = 250
# lines of a benefit payer's invoice at most
PAYER_LINES = 500


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
        default=lambda self: fields.Date.context_today(self) + relativedelta(months=1, day=1),
        help="Month of the rent call (its first day). Leases billed in arrears are billed for the "
        "previous month, leases billed in advance for this month.",
    )
    due_date = fields.Date(compute="_compute_due_date", store=True, help="Date of the rent invoices.")
    state = fields.Selection(
        [("draft", "To Run"), ("running", "Running"), ("done", "Done")],
        default="draft",
        required=True,
        tracking=True,
        help="Running: the scheduled action bills the leases in batches, then the benefit payers.",
    )
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
        """Bill every lease of the period that this call has not billed yet, then the benefit payers, in one go (the
        scheduled action does the same in batches: see `action_start`)."""
        for call in self:
            # in chunks: the cost of one create and post grows faster than the number of invoices it makes
            while not call._run_step(limit=BATCH_CHUNK):
                pass
        return True

    def action_start(self):
        """Run the call in the background: the scheduled action bills the leases in batches within the time limit
        of the server, so that an agency of thousands of leases is billed without blocking anyone."""
        for call in self:
            if call.state == "running":
                raise UserError(_("The rent call %(call)s is already running.", call=call.name))
        self.write({"state": "running", "user_id": self.env.uid})
        self.env.ref("housing_arrears.ir_cron_rent_call").sudo()._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": _("The rent call runs in the background: its invoices appear as they are issued."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action["domain"] = [("housing_rent_call_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------ business
    def _lock(self):
        """One run of a call at a time (a user and the scheduled action, or two workers)."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL("SELECT id FROM housing_rent_call WHERE id = %s FOR NO KEY UPDATE NOWAIT", self.id)
                )
            # touched, so that a run that started before this one commits fails instead of billing twice
            self.env.cr.execute(SQL("UPDATE housing_rent_call SET write_date = write_date WHERE id = %s", self.id))
        except psycopg2.errors.LockNotAvailable:
            raise UserError(
                _("The rent call %(call)s is being run right now: try again in a moment.", call=self.name)
            ) from None

    def _run_step(self, limit=BATCH_SIZE):
        """One step of the call: bill up to `limit` leases not billed yet (all of them with None); once none is left,
        bill the benefit payers for the benefit of the notices not on a payer invoice yet, and mark the call done.
        Returns True when the call is done. A step can be stopped at any point and run again: a lease is billed once
        per call, a benefit counted once."""
        self.ensure_one()
        self._lock()
        leases = self._get_leases_to_bill()
        issued = self.env["account.move"]
        if leases:
            if self.state == "draft":
                self.write({"state": "running", "user_id": self.user_id.id or self.env.uid})
            issued = self._create_invoices(leases if limit is None else leases[:limit])
            if limit is not None and len(leases) > limit:
                return False
        payer_invoices = self._create_payer_invoices()
        if self.state != "done" or issued or payer_invoices:
            count = self.env["account.move"].search_count(
                [("housing_rent_call_id", "=", self.id), ("move_type", "in", ("out_invoice", "out_refund"))]
            )
            self.write({"state": "done", "run_date": fields.Datetime.now(), "user_id": self.user_id.id or self.env.uid})
            self.message_post(body=_("%(count)s invoices issued.", count=count))
        return True

    def _create_invoices(self, leases):
        """The notices of `leases`: one `create` for all of them, one `action_post`. The rent call logs its own
        message; the invoices are created and posted without one chatter message and follower per invoice
        (`tracking_disable`). The benefit payers are billed once the tenants are (`_create_payer_invoices`)."""
        self.ensure_one()
        # the leases are locked while they are billed, and touched: a transaction that billed them at the same time
        # (another job) fails on a concurrent update and is retried, seeing them billed
        self.env.cr.execute(
            SQL("UPDATE housing_lease SET write_date = write_date WHERE id = ANY(%s)", sorted(leases.ids))
        )
        leases = leases & self._get_leases_to_bill()
        if not leases:
            return self.env["account.move"]
        instalments = self.env["housing.repayment.plan"]._get_lines_to_bill(leases, self.period_start)
        vals_list = self._prepare_invoice_vals_list(leases, instalments, payers=False)
        moves = self._create_moves(vals_list)
        if instalments:
            self._reschedule_instalments(moves, instalments)
        self._refund_departed_credits(moves)
        return moves

    def _create_moves(self, vals_list):
        """Create and post the invoices of the call: with their receivable line already computed and Odoo's
        synchronisation of the invoice lines skipped when no line carries a tax (the rent, charges, SLS, RLS,
        benefit and instalment lines carry none); the amounts, residuals and payment states are the ones Odoo
        computes (`test_rent_call.test_fast_invoices_are_odoo_invoices` compares both ways field by field). No
        chatter message, no follower per invoice: the call logs its own message. The last number of the journal is
        read once for the batch (`account.move._get_last_sequence`), not once per invoice, and the customer ranks raised
        in one query (`res.partner._increase_rank`)."""
        Move = self.env["account.move"].with_context(
            tracking_disable=True, housing_no_subscribe=True, housing_rent_call_batch=True
        )
        # the tenants read at once (each invoice browses its own partner, which would read them one by one)
        partners = self.env["res.partner"].browse({vals["partner_id"] for vals in vals_list})
        partners.with_company(self.company_id).commercial_partner_id.mapped("property_account_receivable_id")
        fast = [self._prepare_fast_invoice_vals(vals) for vals in vals_list]
        moves = Move.with_context(skip_invoice_sync=True).create([vals for vals in fast if vals])
        moves |= Move.create([vals for vals, fast_vals in zip(vals_list, fast) if not fast_vals])
        moves.action_post()
        return moves.with_env(self.env)

    def _prepare_fast_invoice_vals(self, vals):
        """The values of an invoice with the balance of each line and its receivable line, for a creation without the
        synchronisation of the invoice lines; None when a line carries a tax (Odoo then computes the invoice)."""
        lines = vals.get("invoice_line_ids") or []
        if not lines or any(command[2].get("tax_ids") for command in lines):
            return None
        currency = self.currency_id
        sign = -1 if vals["move_type"] == "out_invoice" else 1
        fast_lines, total = [], 0.0
        for command in lines:
            line = dict(command[2])
            amount = currency.round(sign * line["price_unit"] * line.get("quantity", 1.0))
            line.update({"balance": amount, "amount_currency": amount, "analytic_distribution": False})
            fast_lines.append(Command.create(line))
            total -= amount
        partner = self.env["res.partner"].browse(vals["partner_id"]).commercial_partner_id
        account = partner.with_company(self.company_id).property_account_receivable_id
        receivable = {
            "display_type": "payment_term",
            "account_id": account.id,
            "partner_id": partner.id,
            "name": vals.get("payment_reference") or "",
            "date_maturity": vals["invoice_date_due"],
            "balance": currency.round(total),
            "amount_currency": currency.round(total),
        }
        return {**vals, "invoice_line_ids": fast_lines, "line_ids": [Command.create(receivable)]}

    def _get_benefit_to_bill(self):
        """The benefit lines of this call's notices that no payer invoice of the call carries yet."""
        self.ensure_one()
        product = self.env.ref("housing_arrears.product_benefit")
        Line = self.env["account.move.line"]
        lines = Line.search(
            [
                ("move_id.housing_rent_call_id", "=", self.id),
                ("product_id", "=", product.id),
                ("parent_state", "=", "posted"),
            ]
        )
        on_payer = lines.filtered(lambda line: not line.move_id.lease_id)
        billed = set(on_payer.housing_lease_id.ids)
        return (lines - on_payer).filtered(lambda line: line.move_id.lease_id.id not in billed)

    def _create_payer_invoices(self):
        """One invoice per benefit payer for the benefit deducted from the tenants' notices of this call that no
        payer invoice of the call carries yet (a lease billed late gets a complementary payer invoice)."""
        self.ensure_one()
        todo = self._get_benefit_to_bill()
        if not todo:
            return self.env["account.move"]
        product = self.env.ref("housing_arrears.product_benefit")
        journal = self.company_id._housing_rent_journal()
        by_payer = defaultdict(list)
        for line in todo.sorted(lambda line: line.move_id.lease_id.id):
            lease = line.move_id.lease_id
            by_payer[lease.benefit_payer_id, lease.agency_id].append(
                Command.create(
                    {
                        "product_id": product.id,
                        "name": _(
                            "Housing benefit %(month)s, lease %(lease)s, %(tenant)s",
                            month=format_date(self.env, line.move_id.housing_period, date_format="MMMM y"),
                            lease=lease.name,
                            tenant=lease.partner_id.name,
                        ),
                        "quantity": 1.0,
                        "price_unit": self.currency_id.round(line.balance),
                        "tax_ids": [],
                        "housing_lease_id": lease.id,
                    }
                )
            )
        # one invoice per payer and agency, of PAYER_LINES lines at most (an invoice of thousands of lines is slow
        # to create, to post and to open)
        vals_list = [
            self._prepare_payer_invoice_vals(payer, journal, lines[start : start + PAYER_LINES], agency)
            for (payer, agency), lines in by_payer.items()
            if payer
            for start in range(0, len(lines), PAYER_LINES)
        ]
        return self._create_moves(vals_list)

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

    def _prepare_invoice_vals_list(self, leases, instalments=None, payers=True):
        """Values of the tenant invoices, plus (`payers`) one invoice per benefit payer for the benefit paid to the
        landlord. `instalments`: the repayment plan lines billed with the rent, each as a line of its lease's
        invoice."""
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
            if amounts["benefit"] and payers:
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

    def _prepare_payer_invoice_vals(self, payer, journal, lines, agency=None):
        ref = _("Housing benefit, %(call)s", call=self.name)
        if agency:
            ref = _("Housing benefit, %(call)s, %(agency)s", call=self.name, agency=agency.name)
        return {
            "move_type": "out_invoice",
            "partner_id": payer.id,
            "journal_id": journal.id,
            "invoice_date": self.due_date,
            "date": self.due_date,
            "invoice_date_due": self.due_date,
            "invoice_payment_term_id": False,
            "ref": ref,
            "housing_rent_call_id": self.id,
            "housing_period": self.period_start,
            "invoice_line_ids": lines,
        }

    @api.model
    def _get_calls_to_run(self, company, today):
        """The calls the scheduled action runs for a company today: the coming month's from the rent call day (created
        when missing), and this month's, which may have leases left to bill (a lease activated after the call ran)
        or may have been missed because the server was down between the call day and the end of last month."""
        period_next = (today + relativedelta(months=1)).replace(day=1)
        period_now = today.replace(day=1)
        calls = self.search([("company_id", "=", company.id), ("period_start", "in", (period_now, period_next))])
        current = calls.filtered(lambda call: call.period_start == period_now)
        if not current and self.search_count(
            [("company_id", "=", company.id), ("period_start", "=", period_now - relativedelta(months=1))], limit=1
        ):
            current = self.with_company(company).create({"period_start": period_now, "company_id": company.id})
        # and the calls a user started (`action_start`), whatever their period
        result = current | self.search([("company_id", "=", company.id), ("state", "=", "running")])
        if today.day >= company.housing_rent_call_day:
            coming = calls.filtered(lambda call: call.period_start == period_next)
            if not coming:
                coming = self.with_company(company).create({"period_start": period_next, "company_id": company.id})
            result |= coming
        return result

    def _has_work(self):
        """Leases left to bill, or benefit not billed to its payer yet."""
        self.ensure_one()
        return self.state != "done" or bool(self._get_leases_to_bill()) or bool(self._get_benefit_to_bill())

    @api.model
    def _cron_run_rent_calls(self):
        """Run the rent calls of each company (see `_get_calls_to_run`) in batches within the time limit of the
        cron workers, and tell Odoo what remains so that it runs the job again at once. Idempotent: a lease is
        billed once per call, a call stopped anywhere goes on where it stopped."""
        Cursor = self.env["housing.batch.cursor"]
        if Cursor._round_spent():
            return
        deadline = Cursor._deadline()
        today = fields.Date.context_today(self)
        minimum = self.env.context.get("housing_batch_minimum") or BATCH_MIN
        done, size = 0, minimum
        for company in self.env["housing.batch.cursor"]._companies():
            for call in self._get_calls_to_run(company, today).with_company(company):
                if not call._has_work():
                    continue
                while True:
                    started, before = time.monotonic(), len(call.invoice_ids)
                    finished = call._run_step(limit=None if deadline is None else size)
                    call.invalidate_recordset(["invoice_ids"])
                    count = len(call.invoice_ids) - before
                    done += count
                    if finished:
                        break
                    if Cursor._out_of_time(deadline):
                        Cursor._notify(max(done, 1), len(call._get_leases_to_bill()) + 1)
                        return
                    size = Cursor._next_size(deadline, started, count, minimum, BATCH_SIZE)
        Cursor._notify(done, 0)
