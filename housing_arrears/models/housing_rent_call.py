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
    state = fields.Selection(
        [("draft", "To Run"), ("done", "Done")], default="draft", required=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
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
        vals_list = self._prepare_invoice_vals_list(self._get_leases_to_bill())
        moves = self.env["account.move"].with_context(tracking_disable=True).create(vals_list)
        moves.action_post()
        return moves.with_env(self.env)

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
        return leases.filtered(lambda lease: lease.id not in billed and self._billed_days(lease)[0])

    def _billed_days(self, lease):
        """(days billed, days in the month) for a lease in this call."""
        month = lease._billed_month(self.period_start)
        month_days = calendar.monthrange(month.year, month.month)[1]
        month_end = month.replace(day=month_days)
        start = max(lease.date_start, month)
        end = min(lease.date_end or month_end, month_end)
        return max((end - start).days + 1, 0), month_days

    def _prepare_invoice_vals_list(self, leases):
        """Values of the tenant invoices, plus one invoice per benefit payer for the benefit paid to the landlord."""
        self.ensure_one()
        journal = self.company_id._housing_rent_journal()
        if not journal:
            raise UserError(_("The company %(company)s has no sales journal for the rent.", company=self.company_id.name))
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
            "rent": ref("housing_arrears.product_rent"),
            "charges": ref("housing_arrears.product_charges"),
            "sls": ref("housing_arrears.product_sls"),
            "rls": ref("housing_arrears.product_rls"),
            "benefit": ref("housing_arrears.product_benefit"),
        }

    def _compute_lease_amounts(self, lease):
        """Amounts billed to a lease for the month this call bills it.

        Rent, charges and SLS are prorated by days when the lease starts or ends within the month.
        The benefit payer pays no RLS and no benefit for the month of entry, and does not prorate the month
        of departure; the benefit deducted never exceeds what the month bills.
        """
        currency = self.company_id.currency_id
        days, month_days = self._billed_days(lease)
        ratio = days / month_days
        month = lease._billed_month(self.period_start)
        entry_month = lease.date_start >= month
        rent = currency.round(lease.rent_amount * ratio)
        charges = currency.round(lease.charges_amount * ratio)
        sls = currency.round(lease.sls_amount * ratio)
        rls = 0.0 if entry_month else min(lease.rls_amount, rent)
        benefit = 0.0
        if lease.benefit_to_landlord and lease.benefit_payer_id and not entry_month:
            benefit = min(lease.benefit_amount, rent + charges + sls - rls)
        return {
            "days": days,
            "month_days": month_days,
            "rent": rent,
            "charges": charges,
            "sls": sls,
            "rls": rls,
            "benefit": currency.round(benefit),
        }

    def _prepare_lease_lines(self, lease, amounts, products, month_label):
        prorata = ""
        if amounts["days"] != amounts["month_days"]:
            prorata = " " + _("(%(days)s days out of %(month_days)s)", days=amounts["days"], month_days=amounts["month_days"])
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

    def _prepare_tenant_invoice_vals(self, lease, journal, month, month_label, lines):
        return {
            "move_type": "out_invoice",
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
