from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date

LINE_STATUSES = [
    ("ok", "As called"),
    ("differs", "Differs from the call"),
    ("unknown", "Unknown allocataire"),
    ("stopped", "Benefit stopped"),
    ("skipped", "Invalid line, skipped"),
]


class HousingBenefitStatement(models.Model):
    """The monthly statement of a benefit payer (CAF, MSA): the housing benefit (APL) and rent reduction (RLS) of
    each allocataire for the month, with back payments and overpayments. Applied, it updates the leases for the
    coming rent call, regularises the differences with the call on the payer's and the tenants' accounts, and
    reconciles the payer's bank payment."""

    _name = "housing.benefit.statement"
    _description = "Benefit Payer Statement"
    _inherit = ["mail.thread"]
    _order = "period desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    payer_id = fields.Many2one("res.partner", string="Benefit Payer", required=True, readonly=True, index=True)
    period = fields.Date(required=True, readonly=True, help="Month of the benefit (its first day).")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    format_id = fields.Many2one("housing.benefit.statement.format", readonly=True)
    file = fields.Binary(readonly=True, attachment=True)
    filename = fields.Char(readonly=True)
    state = fields.Selection(
        [("draft", "To Check"), ("done", "Applied")], default="draft", required=True, readonly=True, tracking=True
    )
    line_ids = fields.One2many("housing.benefit.statement.line", "statement_id", string="Lines")
    line_count = fields.Integer(compute="_compute_totals")
    issue_count = fields.Integer(compute="_compute_totals", string="Lines to Look At")
    skipped_count = fields.Integer(compute="_compute_totals", string="Skipped Lines")
    total_apl = fields.Monetary(compute="_compute_totals", string="Housing Benefit")
    total_rls = fields.Monetary(compute="_compute_totals", string="RLS")
    total_back_payment = fields.Monetary(compute="_compute_totals", string="Back Payments")
    total_overpayment = fields.Monetary(compute="_compute_totals", string="Overpayments")
    total_billed = fields.Monetary(compute="_compute_totals", string="Called", help="Benefit billed to the payer.")
    total_expected = fields.Monetary(
        compute="_compute_totals",
        string="Payment Expected",
        help="What the payer should pay: the benefit of the month, plus back payments, less overpayments.",
    )
    move_ids = fields.One2many("account.move", "housing_benefit_statement_id", string="Regularisations", readonly=True)
    payment_line_id = fields.Many2one(
        "account.bank.statement.line", string="Payer's Bank Payment", readonly=True, copy=False
    )
    applied_date = fields.Datetime(string="Applied On", readonly=True)
    applied_user_id = fields.Many2one("res.users", string="Applied By", readonly=True)

    _sql_constraints = [
        (
            "payer_period_uniq",
            "unique(payer_id, period, company_id)",
            "A statement of this payer for this month was already imported.",
        ),
    ]

    @api.depends("payer_id.name", "period")
    def _compute_name(self):
        for statement in self:
            statement.name = _(
                "%(payer)s, %(period)s",
                payer=statement.payer_id.name or "",
                period=format_date(self.env, statement.period, date_format="MM/y") if statement.period else "",
            )

    @api.depends("line_ids.status", "line_ids.apl_amount")
    def _compute_totals(self):
        for statement in self:
            lines = statement.line_ids.filtered(lambda line: line.status != "skipped")
            statement.line_count = len(lines)
            statement.issue_count = len(lines.filtered(lambda line: line.status != "ok"))
            statement.skipped_count = len(statement.line_ids) - len(lines)
            statement.total_apl = sum(lines.mapped("apl_amount"))
            statement.total_rls = sum(lines.mapped("rls_amount"))
            statement.total_back_payment = sum(lines.mapped("back_payment"))
            statement.total_overpayment = sum(lines.mapped("overpayment"))
            statement.total_billed = sum(lines.mapped("billed_amount"))
            statement.total_expected = statement.total_apl + statement.total_back_payment - statement.total_overpayment

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if any(statement.state == "done" for statement in self):
            raise UserError(_("An applied benefit statement cannot be deleted: its regularisations are posted."))

    # ------------------------------------------------------------------ import
    @api.model
    def _housing_create_from_rows(self, payer, period, statement_format, rows, skipped, file_data, filename):
        """Create the statement from parsed rows (dicts with 'line_number' and the figures) and the skipped
        invalid lines ((line number, message)); the leases the payer no longer pays for are added as stopped."""
        company = self.env.company
        statement = self.create(
            {
                "payer_id": payer.id,
                "period": period,
                "company_id": company.id,
                "format_id": statement_format.id,
                "file": file_data,
                "filename": filename,
            }
        )
        Lease = self.env["housing.lease"].sudo()
        numbers = [row["allocataire_number"] for row in rows]
        leases = {
            lease.housing_allocataire_number: lease
            for lease in Lease.search([("company_id", "=", company.id), ("housing_allocataire_number", "in", numbers)])
        }
        vals_list = []
        for row in rows:
            lease = leases.get(row["allocataire_number"])
            vals_list.append({**row, "statement_id": statement.id, "lease_id": lease.id if lease else False})
        for line_number, message in skipped:
            vals_list.append(
                {"statement_id": statement.id, "line_number": line_number, "skipped": True, "skip_message": message}
            )
        found = {lease.id for lease in leases.values()}
        stopped = Lease.search(
            [
                ("company_id", "=", company.id),
                ("benefit_payer_id", "=", payer.id),
                ("benefit_amount", ">", 0),
                ("benefit_to_landlord", "=", True),
                ("state", "=", "active"),
                ("id", "not in", list(found)),
            ]
        )
        vals_list += [
            {
                "statement_id": statement.id,
                "lease_id": lease.id,
                "allocataire_number": lease.housing_allocataire_number,
                "tenant_name": lease.partner_id.name,
                "stopped": True,
            }
            for lease in stopped
        ]
        self.env["housing.benefit.statement.line"].create(vals_list)
        return statement

    # ------------------------------------------------------------------ apply
    def action_apply(self):
        for statement in self:
            if statement.state != "draft":
                raise UserError(_("The statement %(name)s was already applied.", name=statement.name))
            statement._apply()
        return True

    def _apply(self):
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.lease_id and line.status in ("ok", "differs", "stopped"))
        self._check_lease_amounts(lines)
        stopped = lines.filtered(lambda line: line.status == "stopped")
        for line in lines - stopped:
            line.lease_id.sudo().write(line._prepare_lease_vals())
        if stopped:
            stopped.lease_id.sudo().write({"benefit_amount": 0.0, "rls_amount": 0.0})
            stopped._notify_officers()
        self._create_regularisations(lines)
        self.write({"state": "done", "applied_date": fields.Datetime.now(), "applied_user_id": self.env.uid})
        self._reconcile_payer_payment()
        self.message_post(
            body=_(
                "Applied: %(count)s leases updated for the coming rent call, %(issues)s lines to look at.",
                count=len(lines),
                issues=self.issue_count,
            )
        )

    def _check_lease_amounts(self, lines):
        """Every lease can take its new amounts, else nothing is written: the message names the lines."""
        errors = []
        for line in lines.filtered(lambda line: line.status != "stopped"):
            lease = line.lease_id.sudo()
            currency = self.currency_id
            if currency.compare_amounts(line.apl_amount, lease.gross_amount) > 0:
                errors.append(
                    _(
                        "Line %(line)s: the housing benefit %(apl)s of lease %(lease)s is more than its rent and "
                        "charges (%(gross)s).",
                        line=line.line_number,
                        apl=format_amount(self.env, line.apl_amount, currency),
                        lease=lease.name,
                        gross=format_amount(self.env, lease.gross_amount, currency),
                    )
                )
            if currency.compare_amounts(line.rls_amount, lease.rent_amount) > 0:
                errors.append(
                    _(
                        "Line %(line)s: the RLS %(rls)s of lease %(lease)s is more than its rent (%(rent)s).",
                        line=line.line_number,
                        rls=format_amount(self.env, line.rls_amount, currency),
                        lease=lease.name,
                        rent=format_amount(self.env, lease.rent_amount, currency),
                    )
                )
        if errors:
            raise UserError(
                _("Nothing was applied. Correct these lines (lease or statement) first:") + "\n" + "\n".join(errors)
            )

    def _create_regularisations(self, lines):
        """What the call billed differs from what the payer pays: the difference moves between the payer's and the
        tenant's accounts (the tenant owes what the payer does not pay, and is credited what it pays more), with
        the back payments and the overpayments. At most one invoice and one credit note for the payer, and one of
        each per lease concerned."""
        self.ensure_one()
        product = self.env.ref("housing_arrears.product_benefit")
        journal = self.company_id._housing_rent_journal()
        month = format_date(self.env, self.period, date_format="MMMM y")
        payer_debit, payer_credit = [], []
        tenant_debit, tenant_credit = defaultdict(list), defaultdict(list)
        currency = self.currency_id

        def line_vals(label, amount, lease):
            return Command.create(
                {
                    "product_id": product.id,
                    "name": label,
                    "quantity": 1.0,
                    "price_unit": amount,
                    "tax_ids": [],
                    "housing_lease_id": lease.id,
                }
            )

        for line in lines:
            lease = line.lease_id
            tenant = lease.partner_id.name
            difference = line.apl_amount - line.billed_amount
            if currency.compare_amounts(difference, 0) > 0:
                label = _(
                    "Housing benefit %(month)s paid more than called, lease %(lease)s, %(tenant)s",
                    month=month,
                    lease=lease.name,
                    tenant=tenant,
                )
                payer_debit.append(line_vals(label, difference, lease))
                tenant_credit[lease].append(line_vals(label, difference, lease))
            elif currency.compare_amounts(difference, 0) < 0:
                if line.status == "stopped":
                    label = _(
                        "Housing benefit %(month)s not paid by %(payer)s, lease %(lease)s, %(tenant)s",
                        month=month,
                        payer=self.payer_id.name,
                        lease=lease.name,
                        tenant=tenant,
                    )
                else:
                    label = _(
                        "Housing benefit %(month)s paid less than called, lease %(lease)s, %(tenant)s",
                        month=month,
                        lease=lease.name,
                        tenant=tenant,
                    )
                payer_credit.append(line_vals(label, -difference, lease))
                tenant_debit[lease].append(line_vals(label, -difference, lease))
            if currency.compare_amounts(line.back_payment, 0) > 0:
                label = _("Housing benefit back payment, lease %(lease)s, %(tenant)s", lease=lease.name, tenant=tenant)
                payer_debit.append(line_vals(label, line.back_payment, lease))
                tenant_credit[lease].append(line_vals(label, line.back_payment, lease))
            if currency.compare_amounts(line.overpayment, 0) > 0:
                label = _(
                    "Housing benefit overpaid, recovered by %(payer)s, lease %(lease)s, %(tenant)s",
                    payer=self.payer_id.name,
                    lease=lease.name,
                    tenant=tenant,
                )
                payer_credit.append(line_vals(label, line.overpayment, lease))
                tenant_debit[lease].append(line_vals(label, line.overpayment, lease))
        common = {
            "journal_id": journal.id,
            "invoice_date": fields.Date.context_today(self),
            "invoice_payment_term_id": False,
            "housing_period": self.period,
            "housing_benefit_statement_id": self.id,
            "ref": _("Housing benefit regularisation %(month)s", month=month),
        }
        vals_list = []
        if payer_debit:
            vals_list.append(
                {**common, "move_type": "out_invoice", "partner_id": self.payer_id.id, "invoice_line_ids": payer_debit}
            )
        if payer_credit:
            vals_list.append(
                {**common, "move_type": "out_refund", "partner_id": self.payer_id.id, "invoice_line_ids": payer_credit}
            )
        for move_type, by_lease in (("out_invoice", tenant_debit), ("out_refund", tenant_credit)):
            for lease, invoice_lines in by_lease.items():
                vals_list.append(
                    {
                        **common,
                        "move_type": move_type,
                        "partner_id": lease.partner_id.id,
                        "lease_id": lease.id,
                        "payment_reference": lease.name,
                        "invoice_line_ids": invoice_lines,
                    }
                )
        if not vals_list:
            return self.env["account.move"]
        moves = self.env["account.move"].create(vals_list)
        moves.action_post()
        # each credit note is set against the receivable of the same account
        for partner_moves in self._group_by_partner_lease(moves):
            receivables = partner_moves.line_ids.filtered(
                lambda aml: aml.account_type == "asset_receivable" and not aml.reconciled
            )
            if receivables.filtered(lambda aml: aml.balance < 0):
                others = self._open_receivables(partner_moves[:1])
                (receivables | others).reconcile()
        return moves

    def _group_by_partner_lease(self, moves):
        groups = defaultdict(lambda: self.env["account.move"])
        for move in moves:
            groups[(move.partner_id, move.lease_id)] |= move
        return list(groups.values())

    def _open_receivables(self, move):
        """Open receivable items of the same account as this regularisation: the payer's, or the lease's."""
        domain = [
            ("company_id", "=", self.company_id.id),
            ("parent_state", "=", "posted"),
            ("account_type", "=", "asset_receivable"),
            ("reconciled", "=", False),
            ("partner_id", "=", move.partner_id.id),
        ]
        if move.lease_id:
            domain.append(("housing_lease_id", "=", move.lease_id.id))
        return self.env["account.move.line"].search(domain, order="date_maturity, id")

    def _reconcile_payer_payment(self):
        """The payer's transfer of the amount this statement announces, already on a bank statement: reconciled
        with the payer's open invoices, oldest first. Otherwise the matching does it when the transfer arrives."""
        self.ensure_one()
        currency = self.currency_id
        if currency.compare_amounts(self.total_expected, 0) <= 0:
            return False
        candidates = self.env["account.bank.statement.line"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("is_reconciled", "=", False),
                ("amount", ">", 0),
                ("partner_id", "=", self.payer_id.id),
            ],
            order="date, id",
        )
        payment = candidates.filtered(lambda line: currency.compare_amounts(line.amount, self.total_expected) == 0)[:1]
        if not payment:
            return False
        open_items = self.env["account.move.line"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("parent_state", "=", "posted"),
                ("account_type", "=", "asset_receivable"),
                ("reconciled", "=", False),
                ("amount_residual", ">", 0),
                ("partner_id", "=", self.payer_id.id),
            ],
            order="date_maturity, id",
        )
        if open_items and payment._housing_reconcile_with(open_items, "benefit_payer"):
            self.payment_line_id = payment
            return True
        return False

    def action_view_moves(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action["domain"] = [("housing_benefit_statement_id", "=", self.id)]
        action["context"] = {"create": False}
        return action


class HousingBenefitStatementLine(models.Model):
    _name = "housing.benefit.statement.line"
    _description = "Benefit Payer Statement Line"
    _order = "statement_id, stopped, line_number, id"

    statement_id = fields.Many2one("housing.benefit.statement", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="statement_id.company_id", store=True)
    currency_id = fields.Many2one(related="statement_id.currency_id")
    period = fields.Date(related="statement_id.period")
    line_number = fields.Integer(string="Line", help="Line of the imported file.")
    allocataire_number = fields.Char()
    tenant_name = fields.Char(string="Name in the File")
    lease_id = fields.Many2one(
        "housing.lease",
        index=True,
        domain="[('company_id', '=', company_id)]",
        help="Lease of the allocataire: found by the allocataire number kept on the lease, or chosen by hand for an "
        "unknown allocataire (the number is then kept on the lease).",
    )
    partner_id = fields.Many2one(related="lease_id.partner_id", string="Tenant")
    apl_amount = fields.Monetary(string="Housing Benefit")
    rls_amount = fields.Monetary(string="RLS")
    back_payment = fields.Monetary()
    overpayment = fields.Monetary()
    billed_amount = fields.Monetary(
        compute="_compute_status", store=True, string="Called", help="Benefit billed to the payer for this month."
    )
    difference = fields.Monetary(compute="_compute_status", store=True)
    stopped = fields.Boolean(help="Lease the payer paid for and missing from this statement.")
    skipped = fields.Boolean(help="Invalid line of the file, skipped on purpose at the import.")
    skip_message = fields.Char()
    status = fields.Selection(LINE_STATUSES, compute="_compute_status", store=True, index=True)
    message = fields.Char(compute="_compute_status", store=True)

    @api.depends("lease_id", "apl_amount", "rls_amount", "stopped", "skipped")
    def _compute_status(self):
        billed = self._get_billed_amounts()
        for line in self:
            currency = line.currency_id
            if line.skipped:
                line.update(
                    {"status": "skipped", "message": line.skip_message, "billed_amount": 0.0, "difference": 0.0}
                )
                continue
            line.billed_amount = billed.get((line.statement_id.id, line.lease_id.id), 0.0)
            line.difference = line.apl_amount - line.billed_amount if line.lease_id else 0.0
            if not line.lease_id:
                line.status = "unknown"
                line.message = _(
                    "No lease has the allocataire number %(number)s: choose the lease, or check the payer's file.",
                    number=line.allocataire_number or "",
                )
            elif line.stopped:
                line.status = "stopped"
                line.message = _(
                    "The payer no longer pays the benefit of this lease: from the next call the tenant pays it, and "
                    "the benefit called this month is billed to the tenant."
                )
            elif currency.compare_amounts(line.difference, 0) != 0:
                line.status = "differs"
                line.message = _(
                    "Housing benefit %(paid)s, called %(called)s: the difference is regularised on the tenant's "
                    "account.",
                    paid=format_amount(self.env, line.apl_amount, currency),
                    called=format_amount(self.env, line.billed_amount, currency),
                )
            else:
                line.status = "ok"
                line.message = False
            if line.lease_id and line.status != "stopped":
                rls = line.lease_id.sudo().rls_amount
                if currency.compare_amounts(rls, line.rls_amount) != 0:
                    line.message = (line.message + " " if line.message else "") + _(
                        "RLS %(new)s (lease: %(old)s).",
                        new=format_amount(self.env, line.rls_amount, currency),
                        old=format_amount(self.env, rls, currency),
                    )

    def _get_billed_amounts(self):
        """{(statement id, lease id): benefit billed to the statement's payer for the statement's month}, read in
        three queries for all the lines: the tenants' rent invoices of the month give the rent calls, whose payer
        invoices carry one benefit line per lease."""
        lines = self.filtered(lambda line: line.lease_id and not line.skipped)
        if not lines:
            return {}
        Move = self.env["account.move"].sudo()
        result = {}
        product = self.env.ref("housing_arrears.product_benefit")
        for statement in lines.statement_id:
            statement_lines = lines.filtered(lambda line, statement=statement: line.statement_id == statement)
            leases = statement_lines.lease_id
            calls = Move.search(
                [
                    ("lease_id", "in", leases.ids),
                    ("housing_period", "=", statement.period),
                    ("state", "=", "posted"),
                    ("housing_rent_call_id", "!=", False),
                ]
            ).housing_rent_call_id
            if not calls:
                continue
            groups = (
                self.env["account.move.line"]
                .sudo()
                ._read_group(
                    [
                        ("housing_lease_id", "in", leases.ids),
                        ("move_id.housing_rent_call_id", "in", calls.ids),
                        ("move_id.partner_id", "=", statement.payer_id.id),
                        ("move_id.lease_id", "=", False),
                        ("parent_state", "=", "posted"),
                        ("product_id", "=", product.id),
                    ],
                    ["housing_lease_id"],
                    ["balance:sum"],
                )
            )
            for lease, balance in groups:
                result[(statement.id, lease.id)] = -balance
        return result

    def _prepare_lease_vals(self):
        self.ensure_one()
        vals = {
            "benefit_amount": self.apl_amount,
            "rls_amount": self.rls_amount,
            "benefit_payer_id": self.statement_id.payer_id.id,
            "benefit_to_landlord": True,
        }
        if self.allocataire_number and self.lease_id.housing_allocataire_number != self.allocataire_number:
            vals["housing_allocataire_number"] = self.allocataire_number
        return vals

    def _notify_officers(self):
        activity_type = self.env.ref("housing_collection.mail_activity_type_benefit_stopped")
        for line in self:
            lease = line.lease_id.sudo()
            lease.activity_schedule(
                activity_type_id=activity_type.id,
                summary=_("Housing benefit stopped"),
                note=_(
                    "%(payer)s no longer pays the housing benefit of lease %(lease)s (statement of %(period)s). The "
                    "tenant %(tenant)s now pays the full rent, and the benefit called for the month "
                    "(%(amount)s) is billed to them: check the household's situation with them.",
                    payer=line.statement_id.payer_id.name,
                    lease=lease.name,
                    period=format_date(self.env, line.period, date_format="MM/y"),
                    tenant=lease.partner_id.name,
                    amount=format_amount(self.env, line.billed_amount, line.currency_id),
                ),
                user_id=lease._housing_officer().id,
            )
