import calendar

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date


class AccountPaymentLine(models.Model):
    _inherit = "account.payment.line"

    def _prepare_account_payment_vals(self):
        """The debit of rent notices of one lease pays that lease: its receivable line carries it."""
        vals = super()._prepare_account_payment_vals()
        leases = self.move_line_id.housing_lease_id
        if len(leases) == 1:
            vals["housing_lease_id"] = leases.id
        return vals


class AccountPaymentOrder(models.Model):
    _inherit = "account.payment.order"

    housing_period = fields.Date(
        string="Rent Month",
        readonly=True,
        index="btree_not_null",
        help="Month of the rent notices this direct debit order collects.",
    )
    housing_debit_day = fields.Integer(string="Debit Day", readonly=True)

    # ------------------------------------------------------------------ building the monthly orders
    @api.model
    def _housing_debit_date(self, month, day):
        last = calendar.monthrange(month.year, month.month)[1]
        return month.replace(day=min(day, last))

    @api.model
    def _housing_get_notice_lines(self, company, month, mandates):
        """Open receivable lines of the rent notices of the month for the leases of these mandates, not in
        another debit order yet."""
        lines = self.env["account.move.line"].search(
            [
                ("company_id", "=", company.id),
                ("parent_state", "=", "posted"),
                ("account_type", "=", "asset_receivable"),
                ("reconciled", "=", False),
                ("amount_residual", ">", 0),
                ("housing_lease_id", "in", mandates.housing_lease_id.ids),
                ("move_id.lease_id", "!=", False),
                ("move_id.housing_rent_call_id.period_start", "=", month),
            ],
            order="housing_lease_id, date_maturity, id",
        )
        return lines.filtered(
            lambda line: not line.payment_line_ids.filtered(lambda pline: pline.order_id.state != "cancel")
        )

    @api.model
    def _housing_prepare_debit_orders(self, company, month, days=None):
        """The direct debit orders of a month, one per debit day, built from the rent notices of the tenants with
        a valid mandate for that day; an order already prepared gets the notices it misses while it is a draft.
        Returns the orders that have lines."""
        month = month.replace(day=1)
        mode = company._housing_debit_payment_mode()
        days = days or company._housing_debit_day_list()
        mandates = self.env["account.banking.mandate"].search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "valid"),
                ("housing_lease_id", "!=", False),
                ("housing_debit_day", "in", days),
            ]
        )
        lines = self._housing_get_notice_lines(company, month, mandates)
        existing = self.search(
            [
                ("company_id", "=", company.id),
                ("payment_type", "=", "inbound"),
                ("housing_period", "=", month),
                ("housing_debit_day", "in", days),
                ("state", "!=", "cancel"),
            ]
        )
        today = fields.Date.context_today(self)
        orders = self.browse()
        for day in days:
            day_lines = lines.filtered(
                lambda line, day=day: line.housing_lease_id.housing_mandate_id.housing_debit_day == day
            )
            order = existing.filtered(lambda order, day=day: order.housing_debit_day == day)[:1]
            if order and order.state != "draft":
                continue
            if not day_lines:
                if order:
                    orders |= order
                continue
            if not order:
                order = self.create(
                    {
                        "payment_mode_id": mode.id,
                        "date_prefered": "fixed",
                        "date_scheduled": max(self._housing_debit_date(month, day), today),
                        "housing_period": month,
                        "housing_debit_day": day,
                        "description": _(
                            "Rent %(month)s, direct debit of the %(day)s",
                            month=format_date(self.env, month, date_format="MMMM y"),
                            day=day,
                        ),
                    }
                )
            day_lines.create_payment_line_from_move_line(order)
            orders |= order
        return orders

    def _housing_confirm_and_generate(self):
        """Confirm the orders and generate their pain.008 file (attached to the order)."""
        for order in self:
            if order.state == "draft":
                order.draft2open()
            if order.state == "open":
                order.open2generated()
        return True

    @api.model
    def _cron_prepare_debit_orders(self):
        """A few days before each debit day (setting), prepare its order with the pain.008 file for the
        accountant to send to the bank. Idempotent."""
        today = fields.Date.context_today(self)
        companies = self.env["res.company"].search([("chart_template", "!=", False)])
        for company in companies:
            if not self.env["account.banking.mandate"].search_count(
                [("company_id", "=", company.id), ("state", "=", "valid"), ("housing_lease_id", "!=", False)], limit=1
            ):
                continue
            horizon = today + relativedelta(days=company.housing_debit_prepare_days)
            for month in {today.replace(day=1), horizon.replace(day=1)}:
                days = [
                    day
                    for day in company._housing_debit_day_list()
                    if today <= self._housing_debit_date(month, day) <= horizon
                ]
                if days:
                    self.with_company(company)._housing_prepare_debit_orders(
                        company, month, days
                    )._housing_confirm_and_generate()

    # ------------------------------------------------------------------ after the upload
    def generated2uploaded(self):
        """The debits are posted: their receivable lines carry the lease of the notices they pay."""
        result = super().generated2uploaded()
        for payment in self.payment_ids:
            leases = payment.payment_line_ids.move_line_id.housing_lease_id
            if len(leases) == 1:
                payment._housing_receivable_lines().filtered(lambda line: not line.housing_lease_id).write(
                    {"housing_lease_id": leases.id}
                )
        return result

    def _housing_outstanding_lines(self):
        """What the bank credits for these orders: the debits not reconciled yet, less the debits rejected
        before the settlement (their returns), the returns first."""
        payments = self.payment_ids.filtered(lambda payment: payment.move_id.state == "posted")
        outstanding = payments.move_id.line_ids.filtered(
            lambda line: (
                line.account_id == line.move_id.origin_payment_id.outstanding_account_id and not line.reconciled
            )
        )
        returns = self.env["payment.return.line"].search(
            [("move_line_ids", "in", payments._housing_receivable_lines().ids), ("return_id.state", "=", "done")]
        )
        returned = returns.return_id.move_id.line_ids.filtered(
            lambda line: line.credit and line.account_id in outstanding.account_id and not line.reconciled
        )
        return returned | outstanding

    def action_housing_debit_notices(self):
        self.ensure_one()
        if not self.payment_line_ids:
            raise UserError(_("This debit order has no rent notice."))
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action["domain"] = [("id", "in", self.payment_line_ids.move_line_id.move_id.ids)]
        action["context"] = {"create": False}
        return action
