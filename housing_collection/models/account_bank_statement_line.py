import re
from collections import defaultdict

from odoo import fields, models

MATCH_RULES = [
    ("reference", "Lease reference"),
    ("name_amount", "Tenant's name and exact amount"),
    ("single_lease", "Tenant with one lease"),
    ("benefit_payer", "Benefit payer"),
    ("debit_remittance", "Direct debit remittance"),
    ("advance", "Advance on the lease"),
    ("debit_return", "Rejected direct debit"),
    ("other", "Other rule"),
    ("manual", "By hand"),
]
DEBIT_ORDER_RE = re.compile(r"\bPAY\d{4,}\b")
DIGITS_RE = re.compile(r"\d+")
REASON_CODE_RE = re.compile(r"\b([A-Z]{2}\d{2})\b")


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    housing_lease_id = fields.Many2one(
        "housing.lease",
        string="Lease Paid",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="Lease the transfer was identified for: by its reference in the label, or as the only lease of the "
        "tenant named in it.",
    )
    housing_match_rule = fields.Selection(
        MATCH_RULES,
        string="Matched By",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="How the line was reconciled: by which rule of the automatic matching, or by hand.",
    )
    housing_payment_return_id = fields.Many2one(
        "payment.return",
        string="Payment Return",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Return of a direct debit recorded from this line.",
    )

    # ------------------------------------------------------------------ partner and lease
    def _housing_single_lease(self, partner):
        """The lease of a tenant holding exactly one lease (active or ended)."""
        if not partner:
            return self.env["housing.lease"]
        leases = (
            self.env["housing.lease"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "=", partner.id), ("company_id", "=", self.company_id.id)], limit=2)
        )
        return leases.with_env(self.env) if len(leases) == 1 else self.env["housing.lease"]

    def _housing_text_values(self):
        self.ensure_one()
        return [value for value in (self.payment_ref, self.ref, self.partner_name) if value]

    def _housing_identify(self, speeddict=None):
        """(partner, lease) of the tenant a line is from, found by the lease reference in the label, else by the
        tenant's name in the label or the payer's name."""
        self.ensure_one()
        speeddict = speeddict or self.journal_id._housing_collection_speeddict()
        return self.journal_id._housing_identify_tenant(self._housing_text_values(), speeddict)

    def _retrieve_partner(self):
        self.ensure_one()
        if self.partner_id:
            return self.partner_id
        partner, _lease = self._housing_identify(self.env.context.get("housing_speeddict"))
        if partner:
            return partner
        if self.env.context.get("housing_fast_partner"):
            # the automatic matching of a whole file: the generic search of a name in every journal item is left to
            # the accountant's queue, where each line gets it when it is opened
            return self.env["res.partner"]
        return super()._retrieve_partner()

    # ------------------------------------------------------------------ automatic matching
    def _auto_reconcile(self):
        lines = self.filtered(lambda line: not line.is_reconciled)
        if not lines:
            return super()._auto_reconcile()
        memo = {}
        speeddicts = {journal: journal._housing_collection_speeddict() for journal in lines.journal_id}
        for journal, speeddict in speeddicts.items():
            journal_lines = lines.filtered(lambda line, journal=journal: line.journal_id == journal)
            journal_lines.with_context(housing_speeddict=speeddict)._housing_complete_from_text()
        lines = lines.with_context(housing_match_memo=memo, housing_fast_partner=True)
        lines._housing_process_debit_returns()
        for journal, speeddict in speeddicts.items():
            journal_lines = lines.filtered(lambda line, journal=journal: line.journal_id == journal)
            super(AccountBankStatementLine, journal_lines.with_context(housing_speeddict=speeddict))._auto_reconcile()
        lines._housing_record_matches(memo)
        lines._housing_book_advances()
        return None

    def _do_auto_reconcile(self, models):
        """account_reconcile_oca's automatic reconciliation, with the running balance of the proposed items going
        down as they are taken (18.0.1.3 adds their negative amounts back, so that a transfer spread over several
        notices over-pays the last one and books the difference to the partner's payable)."""
        self.ensure_one()
        if self.is_reconciled:
            return
        res = models._apply_rules(self, self._retrieve_partner())
        if not res or (res.get("status", "") != "write_off" and not res.get("amls")):
            return
        liquidity_lines, _suspense_lines, _other_lines = self._seek_for_lines()
        data = []
        for line in liquidity_lines:
            _auxiliary, lines = self._get_reconcile_line(line, "liquidity", move=True)
            data += lines
        auxiliary = 1
        if res.get("status", "") == "write_off":
            data = self._recompute_suspense_line(
                *self._reconcile_data_by_model(data, res["model"], auxiliary), self.manual_reference
            )
        else:
            amount = self.amount_currency or self.amount
            currency = self.foreign_currency_id or self.currency_id
            for line in res["amls"]:
                if currency.compare_amounts(amount, 0) == 0:
                    break
                auxiliary, line_datas = self._get_reconcile_line(
                    line, "other", is_counterpart=True, max_amount=amount, reconcile_auxiliary_id=auxiliary, move=True
                )
                amount += sum(line_data.get("amount") for line_data in line_datas)
                data += line_datas
            data = self._recompute_suspense_line(data, auxiliary, self.manual_reference)
        if not data.get("can_reconcile"):
            return
        getattr(self, f"_reconcile_bank_line_{self.journal_id.reconcile_mode}")(
            self._prepare_reconcile_line_data(data["data"])
        )

    def _housing_complete_from_text(self):
        """Partner and lease of the lines created without them (by hand, or by another import)."""
        speeddict = self.env.context.get("housing_speeddict")
        for line in self.filtered(lambda line: not line.partner_id or not line.housing_lease_id):
            partner, lease = line._housing_identify(speeddict)
            vals = {}
            if partner and not line.partner_id:
                vals["partner_id"] = partner.id
            if lease and not line.housing_lease_id and (not line.partner_id or line.partner_id in lease.tenant_ids):
                vals["housing_lease_id"] = lease.id
            if vals:
                line.write(vals)

    def _housing_record_matches(self, memo):
        rules = {"name_amount", "single_lease", "benefit_payer", "debit_remittance"}
        for line in self.filtered(lambda line: line.is_reconciled and not line.partner_id):
            # matched without a partner (namesakes told apart by the amount): the partner of the notice paid
            partner = line.move_id.line_ids.filtered(lambda aml: aml.account_type == "asset_receivable").partner_id
            if len(partner) == 1:
                line.partner_id = partner
        by_rule = defaultdict(lambda: self.browse())
        for line in self.filtered(lambda line: line.is_reconciled and not line.housing_match_rule):
            model = memo.get(line.id)
            if not model:
                continue
            if model.housing_rent_matching:
                rule = "reference"
            elif model.housing_collection_rule in rules:
                rule = model.housing_collection_rule
            else:
                rule = "other"
            by_rule[rule] |= line
        for rule, lines in by_rule.items():
            lines.housing_match_rule = rule

    def _housing_book_advances(self):
        """A transfer for a known lease with nothing left to pay: credited to the tenant's account of the lease,
        set against the next rent."""
        for line in self.filtered(
            lambda line: not line.is_reconciled and line.housing_lease_id and line.partner_id and line.amount > 0
        ):
            liquidity_lines, _suspense, _other = line._seek_for_lines()
            data = []
            for liquidity in liquidity_lines:
                _aux, values = line._get_reconcile_line(liquidity, "liquidity", move=True)
                data += values
            data = line._recompute_suspense_line(data, 1, line.manual_reference)
            if not data.get("can_reconcile"):
                continue
            line._reconcile_bank_line_edit(line._prepare_reconcile_line_data(data["data"]))
            line.housing_match_rule = "advance"

    def _housing_reconcile_with(self, move_lines, rule):
        """Reconcile the line with the given journal items, the way the automatic matching does."""
        self.ensure_one()
        liquidity_lines, _suspense, _other = self._seek_for_lines()
        data = []
        for liquidity in liquidity_lines:
            _aux, values = self._get_reconcile_line(liquidity, "liquidity", move=True)
            data += values
        amount = self.amount_currency or self.amount
        currency = self.foreign_currency_id or self.currency_id
        auxiliary = 1
        for move_line in move_lines:
            if currency.compare_amounts(amount, 0) == 0:
                break
            auxiliary, values = self._get_reconcile_line(
                move_line, "other", is_counterpart=True, max_amount=amount, reconcile_auxiliary_id=auxiliary, move=True
            )
            amount += sum(value["amount"] for value in values)
            data += values
        data = self._recompute_suspense_line(data, auxiliary, self.manual_reference)
        if not data.get("can_reconcile"):
            return False
        getattr(self, f"_reconcile_bank_line_{self.journal_id.reconcile_mode}")(
            self._prepare_reconcile_line_data(data["data"])
        )
        self.housing_match_rule = rule
        return True

    def _reconcile_move_line_vals(self, line, move_id=False):
        vals = super()._reconcile_move_line_vals(line, move_id=move_id)
        account = self.env["account.account"].browse(vals.get("account_id"))
        if account.account_type != "asset_receivable":
            return vals
        counterparts = self.env["account.move.line"].browse(line.get("counterpart_line_ids") or [])
        lease = counterparts.housing_lease_id
        if not counterparts:
            lease = self.housing_lease_id
        if len(lease) == 1 and (not vals.get("partner_id") or vals["partner_id"] in lease.sudo().tenant_ids.ids):
            vals["housing_lease_id"] = lease.id
        return vals

    def reconcile_bank_line(self):
        result = super().reconcile_bank_line()
        if self.is_reconciled and not self.housing_match_rule:
            self.housing_match_rule = "manual"
        return result

    def unreconcile_bank_line(self):
        result = super().unreconcile_bank_line()
        self.housing_match_rule = False
        return result

    # ------------------------------------------------------------------ direct debits
    def _housing_quoted_debit_orders(self):
        self.ensure_one()
        text = " ".join(self._housing_text_values() + [self.narration or ""]).upper()
        names = set(DEBIT_ORDER_RE.findall(text))
        if not names:
            return self.env["account.payment.order"]
        return self.env["account.payment.order"].search(
            [
                ("name", "in", list(names)),
                ("payment_type", "=", "inbound"),
                ("state", "=", "uploaded"),
                ("company_id", "=", self.company_id.id),
            ]
        )

    def _housing_return_reason(self):
        """The return reason quoted by the bank (ISO 20022 code in the label or in the CAMT notes)."""
        self.ensure_one()
        text = " ".join(self._housing_text_values() + [self.narration or ""]).upper()
        codes = REASON_CODE_RE.findall(text)
        if not codes:
            return self.env["payment.return.reason"]
        reasons = self.env["payment.return.reason"].search([("code", "in", codes)])
        for code in codes:
            reason = reasons.filtered(lambda reason, code=code: reason.code == code)
            if reason:
                return reason[:1]
        return self.env["payment.return.reason"]

    def _housing_returned_debit(self):
        """The direct debit a negative line returns: the debit quoted by its end-to-end id (the number of the
        payment in the pain.008 file) for the same amount, collected and not returned yet."""
        self.ensure_one()
        if self.amount >= 0:
            return self.env["account.payment"]
        text = " ".join(self._housing_text_values() + [self.narration or ""])
        ids = [int(token) for token in DIGITS_RE.findall(text) if len(token) < 10]
        if not ids:
            return self.env["account.payment"]
        payments = self.env["account.payment"].search(
            [
                ("id", "in", ids),
                ("payment_order_id.payment_type", "=", "inbound"),
                ("payment_order_id.state", "=", "uploaded"),
                ("company_id", "=", self.company_id.id),
            ]
        )
        currency = self.company_currency_id
        payments = payments.filtered(
            lambda payment: (
                currency.compare_amounts(payment.amount, -self.amount) == 0 and not payment._housing_is_returned()
            )
        )
        return payments if len(payments) == 1 else self.env["account.payment"]

    def _housing_process_debit_returns(self):
        """Negative lines that return a direct debit: a payment return is recorded and confirmed (the notice is
        open again, the case opens at night) and the line is reconciled with it."""
        for line in self.filtered(lambda line: line.amount < 0 and not line.is_reconciled):
            payment = line._housing_returned_debit()
            if not payment:
                continue
            reason = line._housing_return_reason()
            text = " ".join(line._housing_text_values()).upper()
            if not reason and not re.search(line.company_id._housing_return_keywords(), text):
                continue
            payment_return = self.env["payment.return"].create(
                {
                    "journal_id": line.journal_id.id,
                    "date": line.date,
                    "company_id": line.company_id.id,
                    "line_ids": [
                        fields.Command.create(
                            {
                                "reference": str(payment.id),
                                "reason_id": reason.id,
                                "concept": line.payment_ref,
                                "amount": -line.amount,
                                "date": line.date,
                            }
                        )
                    ],
                }
            )
            payment_return.button_match()
            payment_return.action_confirm()
            line.housing_payment_return_id = payment_return
            credit = payment_return.move_id.line_ids.filtered(
                lambda move_line: move_line.credit and move_line.account_id.reconcile and not move_line.reconciled
            )
            line._housing_reconcile_with(credit, "debit_return")
