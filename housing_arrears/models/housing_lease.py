from collections import defaultdict
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount, format_date

# loi n° 2023-668: leases signed from this day have a 6-week payment order delay; older ones keep their own
LAW_2023_DATE = date(2023, 7, 29)
BILLING_MODES = [
    ("arrears", "In arrears (terme échu)"),
    ("advance", "In advance (terme à échoir)"),
]


class HousingLease(models.Model):
    _name = "housing.lease"
    _description = "Lease"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        copy=False,
        readonly=True,
        index="trigram",
        default=lambda self: _("New"),
        help="Lease reference, also the payment reference of its rent invoices.",
    )
    active = fields.Boolean(default=True)
    unit_id = fields.Many2one(
        "housing.unit",
        string="Dwelling",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
        check_company=True,
    )
    agency_id = fields.Many2one(related="unit_id.agency_id", store=True, index=True)
    sector_id = fields.Many2one(related="unit_id.sector_id", store=True, index=True)
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        precompute=True,
        index=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Holder",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
        help="First tenant: the rent invoices are addressed to this partner.",
    )
    cotenant_ids = fields.Many2many(
        "res.partner",
        "housing_lease_cotenant_rel",
        "lease_id",
        "partner_id",
        string="Co-tenants",
    )
    tenant_ids = fields.Many2many("res.partner", compute="_compute_tenant_ids", string="Tenants")
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("ended", "Ended")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    date_start = fields.Date(string="Start Date", required=True, tracking=True)
    date_end = fields.Date(string="Departure Date", tracking=True, copy=False)
    signature_date = fields.Date(
        compute="_compute_signature_date",
        store=True,
        readonly=False,
        precompute=True,
        help="Date the lease was signed; it decides which law applies to the payment order delay.",
    )
    billing_mode = fields.Selection(
        BILLING_MODES,
        required=True,
        default="arrears",
        help="In arrears: the rent of a month is called the following month. "
        "In advance: the rent of a month is called in that month.",
    )
    rent_amount = fields.Monetary(string="Monthly Rent", required=True, tracking=True)
    charges_amount = fields.Monetary(string="Charges Provision", tracking=True)
    sls_amount = fields.Monetary(
        string="Rent Supplement (SLS)",
        tracking=True,
        help="Supplément de loyer de solidarité, billed to households above the income ceilings.",
    )
    rls_amount = fields.Monetary(
        string="Rent Reduction (RLS)",
        tracking=True,
        help="Réduction de loyer de solidarité notified by the benefit payer; deducted on the rent notice.",
    )
    benefit_payer_id = fields.Many2one(
        "res.partner",
        tracking=True,
        help="Family allowance fund (CAF) or agricultural fund (MSA) that pays the housing benefit.",
    )
    benefit_amount = fields.Monetary(string="Monthly Housing Benefit (APL)", tracking=True)
    benefit_to_landlord = fields.Boolean(
        string="Benefit Paid to the Landlord",
        default=True,
        tracking=True,
        help="Third-party payment (tiers payant): the payer pays the benefit to the landlord, "
        "which deducts it from the tenant's rent.",
    )
    tenant_share = fields.Monetary(
        compute="_compute_amounts",
        store=True,
        string="Monthly Tenant Share",
        help="What the tenant pays each month: rent, charges and SLS, less the RLS and the "
        "housing benefit paid to the landlord.",
    )
    gross_amount = fields.Monetary(
        compute="_compute_amounts",
        store=True,
        string="Monthly Rent and Charges",
    )
    invoice_ids = fields.One2many("account.move", "lease_id", string="Rent Invoices", readonly=True)
    invoice_count = fields.Integer(compute="_compute_invoice_count")
    case_ids = fields.One2many("housing.arrears.case", "lease_id", string="Arrears Cases")
    case_id = fields.Many2one("housing.arrears.case", compute="_compute_case_id", string="Open Arrears Case")
    payment_order_delay = fields.Integer(
        compute="_compute_payment_order_delay",
        store=True,
        readonly=False,
        precompute=True,
        help="Delay after an unanswered payment order (commandement de payer) after which the termination clause "
        "is acquired: 6 weeks for leases signed on or after 29 July 2023, otherwise the lease's contractual "
        "delay (usually 2 months).",
    )
    payment_order_delay_unit = fields.Selection(
        [("weeks", "Weeks"), ("months", "Months")],
        compute="_compute_payment_order_delay",
        store=True,
        readonly=False,
        precompute=True,
    )
    deposit_amount = fields.Monetary(string="Security Deposit", tracking=True)
    deposit_move_id = fields.Many2one("account.move", string="Deposit Set Against the Debt", readonly=True, copy=False)
    note = fields.Html()

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "A lease with this reference already exists."),
    ]

    # ------------------------------------------------------------------ computes
    @api.depends("unit_id")
    def _compute_company_id(self):
        for lease in self:
            lease.company_id = lease.unit_id.company_id or self.env.company

    @api.depends("partner_id", "cotenant_ids")
    def _compute_tenant_ids(self):
        for lease in self:
            lease.tenant_ids = lease.partner_id | lease.cotenant_ids

    @api.depends("date_start")
    def _compute_signature_date(self):
        for lease in self:
            if not lease.signature_date:
                lease.signature_date = lease.date_start

    @api.depends(
        "rent_amount",
        "charges_amount",
        "sls_amount",
        "rls_amount",
        "benefit_amount",
        "benefit_to_landlord",
    )
    def _compute_amounts(self):
        for lease in self:
            lease.gross_amount = lease.rent_amount + lease.charges_amount
            deducted = lease.rls_amount + (lease.benefit_amount if lease.benefit_to_landlord else 0.0)
            lease.tenant_share = lease.gross_amount + lease.sls_amount - deducted

    @api.depends("signature_date")
    def _compute_payment_order_delay(self):
        for lease in self:
            if lease._is_under_2023_law():
                if not lease.payment_order_delay or not lease._grants_legal_payment_order_delay():
                    lease.payment_order_delay, lease.payment_order_delay_unit = lease._default_payment_order_delay()
            elif not lease.payment_order_delay or lease.payment_order_delay_unit == "weeks":
                lease.payment_order_delay, lease.payment_order_delay_unit = lease._default_payment_order_delay()

    def _compute_invoice_count(self):
        counts = dict(self.env["account.move"]._read_group([("lease_id", "in", self.ids)], ["lease_id"], ["__count"]))
        for lease in self:
            lease.invoice_count = counts.get(lease, 0)

    @api.depends("case_ids.is_closed")
    def _compute_case_id(self):
        for lease in self:
            lease.case_id = lease.case_ids.filtered(lambda case: not case.is_closed)[:1]

    # ------------------------------------------------------------------ constraints
    @api.constrains("rent_amount", "charges_amount", "sls_amount", "rls_amount", "benefit_amount", "benefit_payer_id")
    def _check_amounts(self):
        for lease in self:
            if lease.rent_amount <= 0:
                raise ValidationError(
                    _("Lease %(lease)s: the monthly rent must be greater than zero.", lease=lease.name)
                )
            if min(lease.charges_amount, lease.sls_amount, lease.rls_amount, lease.benefit_amount) < 0:
                raise ValidationError(
                    _(
                        "Lease %(lease)s: charges, SLS, RLS and housing benefit cannot be negative.",
                        lease=lease.name,
                    )
                )
            if lease.currency_id.compare_amounts(lease.benefit_amount, lease.gross_amount) > 0:
                raise ValidationError(
                    _(
                        "Lease %(lease)s: the housing benefit (%(benefit)s) cannot exceed the rent "
                        "plus charges (%(gross)s).",
                        lease=lease.name,
                        benefit=lease.benefit_amount,
                        gross=lease.gross_amount,
                    )
                )
            if lease.currency_id.compare_amounts(lease.rls_amount, lease.rent_amount) > 0:
                raise ValidationError(
                    _("Lease %(lease)s: the rent reduction (RLS) cannot exceed the rent.", lease=lease.name)
                )
            if lease.benefit_amount and lease.benefit_to_landlord and not lease.benefit_payer_id:
                raise ValidationError(
                    _(
                        "Lease %(lease)s: choose the benefit payer (CAF or MSA) that pays the housing "
                        "benefit to the landlord.",
                        lease=lease.name,
                    )
                )

    @api.constrains("signature_date", "payment_order_delay", "payment_order_delay_unit")
    def _check_payment_order_delay(self):
        for lease in self:
            if lease.payment_order_delay < 1:
                raise ValidationError(_("Lease %(lease)s: the payment order delay must be positive.", lease=lease.name))
            if lease._is_under_2023_law() and not lease._grants_legal_payment_order_delay():
                company = lease.company_id
                raise ValidationError(
                    _(
                        "Lease %(lease)s was signed on or after %(law)s: its payment order delay is at least the "
                        "legal %(weeks)s weeks (a longer delay, more favourable to the tenant, is allowed).",
                        lease=lease.name,
                        law=format_date(self.env, company.housing_law_2023_date or LAW_2023_DATE),
                        weeks=company.housing_payment_order_weeks,
                    )
                )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for lease in self:
            if lease.date_end and lease.date_end < lease.date_start:
                raise ValidationError(
                    _(
                        "Lease %(lease)s: the departure date (%(end)s) cannot be before the start date (%(start)s).",
                        lease=lease.name,
                        end=lease.date_end,
                        start=lease.date_start,
                    )
                )

    @api.constrains("unit_id", "state", "date_start", "date_end")
    def _check_overlap(self):
        leases = self.filtered(lambda lease: lease.state != "draft")
        if not leases:
            return
        others = (
            self.search(
                [
                    ("unit_id", "in", leases.unit_id.ids),
                    ("state", "!=", "draft"),
                    ("id", "not in", leases.ids),
                ]
            )
            | leases
        )
        # compared dwelling by dwelling: a batch of thousands of leases (the portfolio import) stays linear
        by_unit = defaultdict(list)
        for other in others:
            by_unit[other.unit_id.id].append(other)
        for lease in leases:
            for other in by_unit[lease.unit_id.id]:
                if other == lease:
                    continue
                if lease._overlaps(other):
                    raise ValidationError(
                        _(
                            "Lease %(lease)s overlaps lease %(other)s on dwelling %(unit)s: a dwelling "
                            "has one lease at a time. Set the departure date of the previous lease first.",
                            lease=lease.name,
                            other=other.name,
                            unit=lease.unit_id.name,
                        )
                    )

    def _overlaps(self, other):
        self.ensure_one()
        return (not other.date_end or other.date_end >= self.date_start) and (
            not self.date_end or self.date_end >= other.date_start
        )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        new = _("New")
        todo = [vals for vals in vals_list if vals.get("name", new) == new]
        names = self.env["ir.sequence"]._housing_next_by_code_batch("housing.lease", len(todo))
        for vals, name in zip(todo, names):
            vals["name"] = name or new
        return super().create(vals_list)

    def write(self, vals):
        delay_fields = {"payment_order_delay", "payment_order_delay_unit"}
        regimes = {}
        if "signature_date" in vals and not delay_fields & set(vals):
            regimes = {lease: lease._is_under_2023_law() for lease in self}
        res = super().write(vals)
        # a signature date moved across the law of 2023: the delay of the other regime no longer fits
        for lease, under_law in regimes.items():
            if lease._is_under_2023_law() != under_law:
                delay, unit = lease._default_payment_order_delay()
                lease.write({"payment_order_delay": delay, "payment_order_delay_unit": unit})
        if ({"signature_date", "company_id"} | delay_fields) & set(vals):
            self.case_ids.step_ids.filtered(lambda step: step.state != "cancelled")._recompute_deadlines()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        for lease in self:
            if lease.state != "draft" or lease.invoice_ids or lease.case_ids:
                raise UserError(
                    _(
                        "Lease %(lease)s has a history (rent invoices, arrears cases): it cannot be "
                        "deleted. Archive it instead.",
                        lease=lease.name,
                    )
                )

    # ------------------------------------------------------------------ actions
    def action_activate(self):
        for lease in self:
            if lease.state != "draft":
                raise UserError(_("Only a draft lease can be activated (lease %(lease)s).", lease=lease.name))
        self.write({"state": "active"})

    def action_end(self):
        for lease in self:
            if lease.state != "active":
                raise UserError(_("Only an active lease can be ended (lease %(lease)s).", lease=lease.name))
            if not lease.date_end:
                raise UserError(
                    _("Lease %(lease)s: enter the departure date before ending the lease.", lease=lease.name)
                )
        self.write({"state": "ended"})

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action["domain"] = [("lease_id", "=", self.id)]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action

    def action_account_statement(self):
        """The tenant's statement of account of the lease, over the last twelve months by default."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Statement of account"),
            "res_model": "housing.account.statement",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lease_id": self.id},
        }

    def action_view_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("housing_arrears.housing_arrears_case_action")
        action["domain"] = [("lease_id", "=", self.id)]
        action["context"] = {"default_lease_id": self.id, "active_test": False}
        return action

    # ------------------------------------------------------------------ business
    @api.model
    def _cron_end_departed_leases(self):
        """Close the active leases whose departure date has passed (idempotent)."""
        today = fields.Date.context_today(self)
        self.search([("state", "=", "active"), ("date_end", "<", today)]).write({"state": "ended"})

    def _is_departed(self, on_date):
        """Had the tenant left on `on_date`? (From the departure date, so that a past date reads the past.)"""
        self.ensure_one()
        return bool(self.date_end and self.date_end < on_date)

    def _is_under_2023_law(self):
        """Signed since the law of 27 July 2023 (loi n° 2023-668): the legal payment order delay applies."""
        self.ensure_one()
        law_date = self.company_id.housing_law_2023_date or LAW_2023_DATE
        return bool(self.signature_date and self.signature_date >= law_date)

    def _default_payment_order_delay(self):
        """(delay, unit) proposed for the lease: the legal weeks since the law of 2023, the usual contractual months
        before (settings)."""
        self.ensure_one()
        company = self.company_id or self.env.company
        if self._is_under_2023_law():
            return company.housing_payment_order_weeks or 6, "weeks"
        return company.housing_payment_order_old_months or 2, "months"

    def _grants_legal_payment_order_delay(self):
        """At least the legal weeks, whatever the unit (a month counted as 28 days at the shortest)."""
        self.ensure_one()
        days = self.payment_order_delay * (7 if self.payment_order_delay_unit == "weeks" else 28)
        return days >= 7 * (self.company_id.housing_payment_order_weeks or 6)

    def _payment_order_delay_end(self, order_date):
        """Last day of the delay after a payment order served on `order_date` (the day of the act not counted, a
        delay in months ends on the same day number, or the month's last day, as in CPC art. 641)."""
        self.ensure_one()
        unit = "weeks" if self.payment_order_delay_unit == "weeks" else "months"
        return order_date + relativedelta(**{unit: self.payment_order_delay})

    def _clause_acquired_date(self, order_date):
        """Date from which the termination clause is acquired: the day after the delay has expired."""
        self.ensure_one()
        return self._payment_order_delay_end(order_date) + timedelta(days=1)

    def action_apply_deposit(self):
        """Set the security deposit against the departed tenant's debt: one entry (deposits account to the
        tenant's receivable) for what the tenant owes, at most the deposit, lettered with the oldest unpaid items;
        what is left of the deposit is to be refunded to the tenant."""
        Ledger = self.env["housing.ledger"]
        today = fields.Date.context_today(self)
        for lease in self:
            if lease.state != "ended":
                raise UserError(_("The security deposit is set against the debt once the lease has ended."))
            if lease.deposit_move_id:
                raise UserError(_("The security deposit of lease %(lease)s has already been used.", lease=lease.name))
            if lease.deposit_amount <= 0:
                raise UserError(_("Lease %(lease)s has no security deposit.", lease=lease.name))
            company = lease.company_id
            if not company.housing_deposit_account_id:
                raise UserError(
                    _("Set the security deposits account in the settings of %(company)s.", company=company.name)
                )
            owed = Ledger._get_positions(lease, today)[lease].balance
            amount = company.currency_id.round(min(lease.deposit_amount, owed))
            if company.currency_id.compare_amounts(amount, 0) <= 0:
                raise UserError(
                    _("Lease %(lease)s has no unpaid rent: refund the deposit to the tenant.", lease=lease.name)
                )
            move = Ledger._post_entry(
                company,
                "deposit",
                today,
                _("Security deposit of lease %(lease)s", lease=lease.name),
                [
                    {
                        "lease": lease,
                        "amount": amount,
                        "account": company.housing_deposit_account_id,
                        "label": _("Security deposit of lease %(lease)s", lease=lease.name),
                    }
                ],
            )
            Ledger._letter_with_oldest(move)
            lease.deposit_move_id = move
            remaining = lease.deposit_amount - amount
            lease.message_post(
                body=_(
                    "Security deposit of %(amount)s set against the debt.%(rest)s",
                    amount=format_amount(self.env, amount, lease.currency_id),
                    rest=_(
                        " %(rest)s remain to be refunded to the tenant.",
                        rest=format_amount(self.env, remaining, lease.currency_id),
                    )
                    if remaining > 0
                    else "",
                )
            )
        return True

    @api.model
    def _get_single_leases(self, partners):
        """{commercial partner: lease} for the partners who are tenants (holder or co-tenant) of exactly one lease
        that is not a draft: the lease proposed on their manual invoices, credit notes and payments."""
        commercial = partners.commercial_partner_id
        if not commercial:
            return {}
        leases = self.with_context(active_test=False).search(
            [
                ("state", "!=", "draft"),
                "|",
                ("partner_id.commercial_partner_id", "in", commercial.ids),
                ("cotenant_ids.commercial_partner_id", "in", commercial.ids),
            ]
        )
        found = {}
        for lease in leases:
            for partner in lease.tenant_ids.commercial_partner_id & commercial:
                found.setdefault(partner, self.browse())
                found[partner] |= lease
        return {partner: leases for partner, leases in found.items() if len(leases) == 1}

    def _billed_month(self, period_start):
        """First day of the month a rent call of period `period_start` bills for this lease."""
        self.ensure_one()
        if self.billing_mode == "arrears":
            return period_start - relativedelta(months=1)
        return period_start
