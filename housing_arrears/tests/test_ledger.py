from datetime import date
from html import unescape

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import HousingArrearsCommon


@tagged("post_install", "-at_install")
class TestTenantLedger(HousingArrearsCommon):
    """The tenant's account is the one truth: every arrears rule reads the ledger of the lease, by amounts.

    Fixture: the January and February 2026 rent calls (due on the 5th), nothing paid, the nightly detection of
    20 February: lease_apl owes 2 x 270 = 540 (rent 450 + charges 50 - RLS 30 - APL 200), lease_plain 2 x 680."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for period in (date(2026, 1, 1), date(2026, 2, 1)):
            cls.env["housing.rent.call"].create({"period_start": period, "company_id": cls.company.id}).action_run()
        with freeze_time("2026-02-20"):
            cls.env.ref("housing_arrears.ir_cron_detect_arrears").sudo().method_direct_trigger()
        Case = cls.env["housing.arrears.case"]
        cls.case_apl = Case.search([("lease_id", "=", cls.lease_apl.id)])
        cls.case_plain = Case.search([("lease_id", "=", cls.lease_plain.id)])
        cls.fsl = cls.env["res.partner"].create({"name": "FSL de l'Isère", "is_company": True})
        cls.transit = cls.company._housing_plan_transit_account()

    # ------------------------------------------------------------------ helpers
    def monitor(self, day):
        with freeze_time(day):
            self.env.ref("housing_arrears.ir_cron_monitor_plans").sudo().method_direct_trigger()

    def sign_plan(self, case, kind="amicable", debt=540.0, count=3):
        with freeze_time("2026-02-25"):
            plan = self.env["housing.repayment.plan"].create(
                {
                    "case_id": case.id,
                    "kind": kind,
                    "debt_amount": debt,
                    "start_month": date(2026, 3, 1),
                    "instalment_count": count,
                    "signature_date": date(2026, 2, 25),
                }
            )
            plan.action_sign()
        return plan

    def bank_receipt(self, partner, amount, day, lease=None, letter=None):
        """A customer payment of `partner`; lettered with `letter` (receivable lines, in that order) if given."""
        with freeze_time(day):
            payment = self.env["account.payment"].create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": partner.id,
                    "amount": amount,
                    "date": day,
                    "journal_id": self.bank_journal.id,
                    **({"housing_lease_id": lease.id} if lease is not None else {}),
                }
            )
            payment.action_post()
            if letter:
                credit = payment.move_id.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
                for debit in letter:
                    if not credit.reconciled:
                        (credit | debit).reconcile()
        return payment

    def manual_invoice(self, partner, label, amount, day):
        """A manual invoice of the tenant (repairs, fees), posted; its lease is proposed from the tenant."""
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": day,
                "invoice_line_ids": [
                    Command.create({"name": label, "quantity": 1, "price_unit": amount, "tax_ids": []})
                ],
            }
        )
        invoice.action_post()
        return invoice

    def receivable(self, moves):
        return moves.line_ids.filtered(lambda line: line.account_type == "asset_receivable")

    def notice(self, lease, period):
        return self.env["account.move"].search(
            [("lease_id", "=", lease.id), ("housing_period", "=", period), ("move_type", "=", "out_invoice")]
        )

    def due(self, lease, day):
        return self.env["housing.ledger"]._get_positions(lease, day)[lease].due

    # ------------------------------------------------------------------ plans judged by amounts
    def test_overpayment_lettered_on_the_oldest_rents_keeps_the_plan(self):
        """500 paid on a 450 notice, lettered by the bank on the oldest rents: the month's notice stays partly open,
        and the plan is kept (debt due 310 <= 540 - 180)."""
        plan = self.sign_plan(self.case_apl)
        self.assertEqual(plan.start_debt, 540.0)
        march = self.tenant_invoice(self.run_rent_call(date(2026, 3, 1)), self.lease_apl)
        self.assertEqual(march.amount_total, 450.0)
        jan, feb = self.notice(self.lease_apl, date(2026, 1, 1)), self.notice(self.lease_apl, date(2026, 2, 1))
        self.bank_receipt(
            self.tenant_apl, 500.0, date(2026, 3, 10), letter=self.receivable(jan | feb | march).sorted("date")
        )
        self.assertEqual(march.payment_state, "partial", "the bank lettered the oldest rents first")
        self.assertEqual(march.amount_residual, 310.0)
        self.monitor("2026-03-16")
        self.assertEqual(plan.state, "active")
        self.assertEqual(plan.line_ids[0].state, "paid")
        self.assertEqual(self.due(self.lease_apl, date(2026, 3, 16)), 310.0)
        # April: 400 paid on a 450 notice is exactly the rent and the instalment left: 180 <= 540 - 360
        april = self.tenant_invoice(self.run_rent_call(date(2026, 4, 1)), self.lease_apl)
        self.bank_receipt(self.tenant_apl, 400.0, date(2026, 4, 9), letter=self.receivable(april))
        self.monitor("2026-04-16")
        self.assertEqual(plan.line_ids[1].state, "paid")
        self.assertEqual(plan.state, "active")

    def test_fsl_clears_the_debt_of_a_judicial_plan(self):
        """The FSL pays off the old debt in the middle of a judicial plan: the nightly detection closes the case, the
        plan ends as kept, nothing more is billed, and the clause is deemed never acquired."""
        self.case_apl.write({"clause_suspended": True})
        plan = self.sign_plan(self.case_apl, kind="judicial")
        march = self.tenant_invoice(self.run_rent_call(date(2026, 3, 1)), self.lease_apl)
        self.pay(march, pay_date=date(2026, 3, 10))
        self.monitor("2026-03-16")
        self.assertEqual(plan.line_ids.mapped("state"), ["paid", "to_bill", "to_bill"])
        old = self.env["account.move.line"].search(
            [
                ("housing_lease_id", "=", self.lease_apl.id),
                ("account_type", "=", "asset_receivable"),
                ("reconciled", "=", False),
                ("amount_residual", ">", 0),
            ]
        )
        self.assertEqual(sum(old.mapped("amount_residual")), 360.0)
        # the FSL's transfer, lettered with the tenant's old rents
        self.bank_receipt(self.fsl, 360.0, date(2026, 3, 20), letter=old.sorted("date"))
        self.detect("2026-03-21")
        self.assertTrue(self.case_apl.is_closed)
        self.assertEqual(self.case_apl.closing_kind, "settled")
        self.assertEqual(self.case_apl.debt_amount, 0.0)
        self.assertEqual(plan.state, "kept")
        self.assertEqual(plan.kept_date, date(2026, 3, 21))
        self.assertEqual(plan.line_ids.mapped("state"), ["paid", "cancelled", "cancelled"])
        self.assertTrue(self.case_apl.clause_deemed_unacquired)
        april = self.tenant_invoice(self.run_rent_call(date(2026, 4, 1)), self.lease_apl)
        self.assertEqual(april.amount_total, 270.0, "nothing more billed")
        self.monitor("2026-04-16")
        self.assertEqual(plan.state, "kept")
        self.assertFalse(self.case_apl.clause_suspension_lifted)

    def test_reversed_notice_gives_its_instalment_back(self):
        """A full reversal of a notice carrying an instalment: the instalment goes back to the schedule, the transit
        account is cleared, and the old debt is owed as before."""
        plan = self.sign_plan(self.case_apl)
        march = self.tenant_invoice(self.run_rent_call(date(2026, 3, 1)), self.lease_apl)
        refund = march._reverse_moves(
            [{"date": date(2026, 3, 6), "invoice_date": date(2026, 3, 6), "ref": "Erreur de bail"}], cancel=True
        )
        self.assertEqual(refund.state, "posted")
        self.assertEqual(march.payment_state, "reversed")
        self.assertEqual(refund.lease_id, self.lease_apl)
        self.assertEqual(plan.line_ids[0].state, "to_bill")
        self.assertFalse(plan.line_ids[0].invoice_id)
        transit = self.env["account.move.line"].search(
            [
                ("account_id", "=", self.transit.id),
                ("partner_id", "=", self.tenant_apl.id),
                ("parent_state", "=", "posted"),
            ]
        )
        self.assertEqual(sum(transit.mapped("balance")), 0.0, "nothing left in the transit account")
        self.assertEqual(self.due(self.lease_apl, date(2026, 3, 10)), 540.0)
        receivable = self.env["account.move.line"].search(
            [
                ("partner_id", "=", self.tenant_apl.id),
                ("account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
            ]
        )
        self.assertEqual(sum(receivable.mapped("balance")), 540.0, "the accounting agrees with the ledger")
        self.monitor("2026-03-16")
        self.assertEqual(plan.state, "active", "nothing to judge: the instalment is to bill again")
        april = self.tenant_invoice(self.run_rent_call(date(2026, 4, 1)), self.lease_apl)
        self.assertEqual(april.amount_total, 270.0 + 180.0 + 180.0, "March's instalment billed again with April's")

    def test_plan_over_the_debt_refused(self):
        with freeze_time("2026-02-25"), self.assertRaisesRegex(ValidationError, "ne peut couvrir plus que la dette"):
            self.env["housing.repayment.plan"].create(
                {
                    "case_id": self.case_apl.id,
                    "debt_amount": 540.01,
                    "start_month": date(2026, 3, 1),
                    "instalment_count": 3,
                    "signature_date": date(2026, 2, 25),
                }
            )
        self.assertFalse(self.case_apl.plan_ids)

    # ------------------------------------------------------------------ everything the tenant owes on the lease
    def test_unlettered_cheque_and_manual_invoice_reach_the_case(self):
        """A cheque registered on the tenant without lettering lowers the case debt at once; a manual invoice for
        repairs raises it. The nightly detection reads both."""
        cheque = self.bank_receipt(self.tenant_plain, 680.0, date(2026, 2, 21))
        self.assertEqual(cheque.housing_lease_id, self.lease_plain, "proposed: the tenant has one lease")
        self.assertFalse(self.receivable(cheque.move_id).reconciled)
        self.detect("2026-02-22")
        self.assertEqual(self.case_plain.debt_amount, 680.0)
        self.assertEqual(self.case_plain.last_payment_date, date(2026, 2, 21))
        with freeze_time("2026-02-22"):
            repairs = self.manual_invoice(self.tenant_plain, "Réparations locatives", 150.0, date(2026, 2, 22))
        self.assertEqual(repairs.lease_id, self.lease_plain)
        self.detect("2026-02-23")
        self.assertEqual(self.case_plain.debt_amount, 830.0)

    def test_manual_invoice_in_deposit_doubtful_debts_and_write_off(self):
        # the tenant of lease_plain pays all the rent, leaves, and is billed for repairs
        self.pay(
            self.notice(self.lease_plain, date(2026, 1, 1)) | self.notice(self.lease_plain, date(2026, 2, 1)),
            pay_date=date(2026, 2, 20),
        )
        self.lease_plain.write({"deposit_amount": 600.0, "date_end": date(2026, 2, 28)})
        self.lease_plain.action_end()
        with freeze_time("2026-03-02"):
            repairs = self.manual_invoice(self.tenant_plain, "Réparations locatives", 150.0, date(2026, 3, 2))
            rows = {
                row["lease"]: row
                for row in self.env["housing.doubtful.debt.report"].create({"date": date(2026, 3, 2)})._get_rows()
            }
            self.assertEqual(rows[self.lease_plain.name]["residual"], 150.0)
            self.assertEqual(rows[self.lease_plain.name]["provision"], 150.0, "departed tenant: 100 %")
            self.lease_plain.action_apply_deposit()
        deposit = self.lease_plain.deposit_move_id
        self.assertEqual(self.receivable(deposit).credit, 150.0, "the repairs are set against the deposit")
        self.assertEqual(repairs.payment_state, "paid")
        self.assertIn("450,00", self.lease_plain.message_ids[0].body, "the rest of the deposit to refund")
        # lease_apl: a repairs invoice written off with the rent
        with freeze_time("2026-02-26"):
            fee = self.manual_invoice(self.tenant_apl, "Remplacement de serrure", 60.0, date(2026, 2, 26))
            request = self.env["housing.write.off"].create({"case_id": self.case_apl.id, "reason": "certificate"})
            self.assertEqual(request.amount, 600.0)
            request.with_user(self.manager).action_approve()
        self.assertEqual(fee.payment_state, "paid")
        self.assertTrue(self.case_apl.is_closed)

    def test_benefit_payer_threshold_after_the_rls(self):
        """Tiers payant: twice the net charge after RLS and APL, 2 x (450 + 50 - 30 - 200) = 540, reached with the
        February rent; benefit paid to the tenant: twice the rent and charges."""
        self.assertEqual(self.case_apl.benefit_threshold, 540.0)
        self.assertEqual(self.case_apl.constituted_date, date(2026, 2, 20))
        self.assertEqual(self.case_apl.signal_due_date, date(2026, 4, 20))
        self.lease_apl.benefit_to_landlord = False
        self.assertEqual(self.case_apl.benefit_threshold, 1000.0)
        self.company.housing_constitution_multiplier = 3.0
        self.assertEqual(self.case_apl.benefit_threshold, 1500.0)

    # ------------------------------------------------------------------ doubtful debts as at a date
    def test_doubtful_debts_as_at_a_date(self):
        """At 31 May, nothing paid since January: each unpaid item aged in days. lease_plain: 5 January (146 days)
        and 5 February (115 days) at 25 %, March to May (87, 56, 26 days) at 0 %: 2 x 680 x 25 % = 340 (by calendar
        months the whole 3,400 would be four months old). Run again on 20 June, after payments, a departure, a
        write-off and the June notices, the report at 31 May is the same."""
        for period in (date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1)):
            self.run_rent_call(period)
        Report = self.env["housing.doubtful.debt.report"]
        with freeze_time("2026-05-31"):
            on_the_day = Report.create({"date": date(2026, 5, 31)})._get_rows()
        rows = {row["lease"]: row for row in on_the_day}
        plain, apl = rows[self.lease_plain.name], rows[self.lease_apl.name]
        self.assertEqual(plain["residual"], 3400.0)
        self.assertEqual(plain["age_days"], 146)
        self.assertEqual(plain["bands"], [2040.0, 1360.0, 0.0, 0.0])
        self.assertEqual(plain["provision"], 340.0)
        self.assertFalse(plain["departed"])
        self.assertEqual(apl["provision"], 135.0)
        # June: the tenant of lease_plain pays 1,000 and leaves on 15 June, lease_apl is written off, June is billed
        self.pay(self.notice(self.lease_plain, date(2026, 1, 1)), pay_date=date(2026, 6, 3))
        self.pay(self.notice(self.lease_plain, date(2026, 2, 1)), amount=320.0, pay_date=date(2026, 6, 3))
        self.run_rent_call(date(2026, 6, 1))
        self.lease_plain.date_end = date(2026, 6, 15)
        self.lease_plain.action_end()
        with freeze_time("2026-06-20"):
            request = self.env["housing.write.off"].create({"case_id": self.case_apl.id, "reason": "certificate"})
            request.with_user(self.manager).action_approve()
            later = Report.create({"date": date(2026, 5, 31)})._get_rows()
            self.assertEqual(later, on_the_day)
            today = {row["lease"]: row for row in Report.create({"date": date(2026, 6, 20)})._get_rows()}
        self.assertNotIn(self.lease_apl.name, today, "written off")
        self.assertTrue(today[self.lease_plain.name]["departed"])
        self.assertEqual(today[self.lease_plain.name]["provision"], 3400.0 - 1000.0 + 680.0)

    # ------------------------------------------------------------------ over-indebtedness
    def test_admission_suspends_the_plan_and_freezes_the_moved_debt(self):
        """The admission of 1 April suspends the plan; the debt due before it stays frozen although its instalment
        was moved onto the April notice; paying only April's rent leaves nothing to enforce."""
        plan = self.sign_plan(self.case_apl)
        march = self.tenant_invoice(self.run_rent_call(date(2026, 3, 1)), self.lease_apl)
        april = self.tenant_invoice(self.run_rent_call(date(2026, 4, 1)), self.lease_apl)
        self.assertEqual(april.amount_total, 450.0, "instalment 2 moved onto the April notice")
        self.pay(march, pay_date=date(2026, 3, 10))
        self.monitor("2026-03-16")
        with freeze_time("2026-04-01"):
            self.env["housing.legal.step"].create(
                {"case_id": self.case_apl.id, "step_type": "od_admission", "date": date(2026, 4, 1)}
            )
        self.assertEqual(plan.state, "suspended")
        self.assertEqual(self.case_apl.frozen_debt, 360.0, "January and February less instalment 1 paid")
        self.pay(april, amount=270.0, pay_date=date(2026, 4, 8))
        self.monitor("2026-04-16")
        self.assertEqual(plan.state, "suspended", "nothing missed while suspended")
        self.assertEqual(plan.line_ids[1].state, "billed")
        self.detect("2026-04-16")
        self.assertEqual(self.case_apl.frozen_debt, 360.0)
        self.assertEqual(self.case_apl.current_debt, 0.0, "April's instalment is old debt, frozen")
        with freeze_time("2026-04-16"), self.assertRaisesRegex(ValidationError, "gelée"):
            self.env["housing.legal.step"].create(
                {"case_id": self.case_apl.id, "step_type": "payment_order", "date": date(2026, 4, 16)}
            )
        may = self.tenant_invoice(self.run_rent_call(date(2026, 5, 1)), self.lease_apl)
        self.assertEqual(may.amount_total, 270.0, "a suspended plan bills nothing")
        # the rent due since the admission is pursued
        self.detect("2026-05-20")
        self.assertEqual(self.case_apl.current_debt, 270.0)
        with freeze_time("2026-05-20"):
            plan.action_resume()
        self.assertEqual(plan.state, "active")
        self.assertEqual(plan.line_ids.filtered(lambda line: line.state == "to_bill").month, date(2026, 6, 1))

    # ------------------------------------------------------------------ write-off
    def test_write_off_takes_only_the_debt_due(self):
        """Approved on 27 March: January to March (3 x 680), not April's rent posted on 25 March, due 5 April."""
        self.run_rent_call(date(2026, 3, 1))
        with freeze_time("2026-03-25"):
            april = self.tenant_invoice(self.run_rent_call(date(2026, 4, 1)), self.lease_plain)
        with freeze_time("2026-03-27"):
            request = self.env["housing.write.off"].create({"case_id": self.case_plain.id, "reason": "certificate"})
            self.assertEqual(request.amount, 2040.0)
            request.amount = 2040.01
            with self.assertRaisesRegex(UserError, "dette échue"):
                request.with_user(self.manager).action_approve()
            self.assertEqual(request.state, "requested")
            self.assertFalse(request.move_id)
            request.amount = 2040.0
            request.with_user(self.manager).action_approve()
        self.assertEqual(self.receivable(request.move_id).credit, 2040.0)
        self.assertEqual(april.payment_state, "not_paid")
        self.assertEqual(self.case_plain.closing_kind, "written_off")

    def test_wipeout_writes_off_the_amount_of_the_decision(self):
        Step = self.env["housing.legal.step"]
        with freeze_time("2026-02-26"):
            Step.create({"case_id": self.case_plain.id, "step_type": "od_admission", "date": date(2026, 2, 26)})
            with self.assertRaisesRegex(ValidationError, "montant"):
                Step.create({"case_id": self.case_plain.id, "step_type": "od_wipeout", "date": date(2026, 2, 26)})
            Step.create(
                {
                    "case_id": self.case_plain.id,
                    "step_type": "od_wipeout",
                    "date": date(2026, 2, 26),
                    "wipeout_amount": 1000.0,
                }
            )
            request = self.case_plain.write_off_ids
            self.assertEqual(request.amount, 1000.0)
            request.with_user(self.manager).action_approve()
        self.assertFalse(self.case_plain.is_closed)
        self.assertEqual(self.case_plain.debt_amount, 360.0)

    # ------------------------------------------------------------------ statement of account
    def test_statement_of_account(self):
        """January to March: the notices as billed (March with its instalment of 180), the entry that moved the
        instalment off the old debt, the payment, and the balance: 270 + 270 + 450 - 180 - 450 = 360."""
        self.sign_plan(self.case_apl)
        march = self.tenant_invoice(self.run_rent_call(date(2026, 3, 1)), self.lease_apl)
        self.pay(march, pay_date=date(2026, 3, 10))
        statement = self.env["housing.account.statement"].create(
            {"lease_id": self.lease_apl.id, "date_from": date(2026, 1, 1), "date_to": date(2026, 3, 31)}
        )
        figures = statement._get_statement()
        self.assertEqual(figures["opening"], 0.0)
        self.assertEqual(
            [(row["date"], row["debit"], row["credit"], row["balance"]) for row in figures["rows"]],
            [
                (date(2026, 1, 5), 270.0, 0.0, 270.0),
                (date(2026, 2, 5), 270.0, 0.0, 540.0),
                (date(2026, 3, 5), 450.0, 0.0, 990.0),
                (date(2026, 3, 5), 0.0, 180.0, 810.0),
                (date(2026, 3, 10), 0.0, 450.0, 360.0),
            ],
        )
        self.assertEqual(figures["closing"], 360.0)
        self.assertEqual(figures["due"], 360.0)
        # Odoo's format_amount keeps the minus sign with its figure by a zero-width no-break space
        detail = figures["rows"][0]["detail"].replace("\ufeff", "")
        self.assertIn("-200,00", detail, "the housing benefit deducted on the notice")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("housing_arrears.action_report_account_statement", statement.ids)[0]
            .decode()
        )
        html = unescape(html)
        for text in ("Relevé de compte", "Solde reporté", "360,00", "Échéances de plan d'apurement", "Règlement"):
            self.assertIn(text, html)
        # from the second month: the balance brought forward
        later = statement.copy({"date_from": date(2026, 2, 1)})._get_statement()
        self.assertEqual(later["opening"], 270.0)
        self.assertEqual(later["closing"], 360.0)

    # ------------------------------------------------------------------ last payment, commercial partner
    def test_last_payment_is_a_real_payment(self):
        """Neither the plan's rescheduling entry (dated on the next due date) nor the deposit nor a write-off is a
        payment."""
        self.pay(self.notice(self.lease_apl, date(2026, 2, 1)), pay_date=date(2026, 2, 12))
        self.sign_plan(self.case_apl, debt=270.0, count=1)
        self.run_rent_call(date(2026, 3, 1))
        self.detect("2026-03-20")
        self.assertEqual(self.case_apl.last_payment_date, date(2026, 2, 12))
        self.assertEqual(self.case_apl.days_since_last_payment, 36)
        self.lease_plain.write({"deposit_amount": 500.0, "date_end": date(2026, 2, 28)})
        self.lease_plain.action_end()
        with freeze_time("2026-03-01"):
            self.lease_plain.action_apply_deposit()
            request = self.env["housing.write.off"].create({"case_id": self.case_plain.id, "reason": "certificate"})
            request.with_user(self.manager).action_approve()
        self.assertTrue(self.case_plain.is_closed)
        self.case_plain._refresh_from_accounting(date(2026, 3, 2))
        self.assertFalse(self.case_plain.last_payment_date, "the deposit and the write-off are no payments")

    def test_entries_carry_the_commercial_partner(self):
        company = self.env["res.partner"].create({"name": "Famille Bernard (indivision)", "is_company": True})
        contact = self.env["res.partner"].create({"name": "Jeanne Bernard", "parent_id": company.id})
        lease = self._create_lease(
            self.unit_c, contact, start=date(2026, 1, 1), rent_amount=400.0, deposit_amount=300.0
        )
        self.run_rent_call(date(2026, 3, 1))
        invoice = self.env["account.move"].search([("lease_id", "=", lease.id)])
        self.assertEqual(self.receivable(invoice).partner_id, company)
        lease.write({"date_end": date(2026, 3, 15)})
        lease.action_end()
        with freeze_time("2026-03-20"):
            lease.action_apply_deposit()
        self.assertEqual(self.receivable(lease.deposit_move_id).partner_id, company)
        self.assertEqual(invoice.amount_residual, 100.0)

    def test_lease_of_another_company_refused_on_a_manual_invoice(self):
        other = self.env["res.company"].create({"name": "Autre bailleur"})
        agency = self.env["housing.agency"].sudo().create({"name": "Agence Lyon", "code": "LY", "company_id": other.id})
        residence = self.env["housing.residence"].sudo().create({"name": "Résidence Lyon", "agency_id": agency.id})
        unit = (
            self.env["housing.unit"]
            .sudo()
            .create({"name": "LY-01", "residence_id": residence.id, "typology": "T2", "surface": 40})
        )
        lease = (
            self.env["housing.lease"]
            .sudo()
            .create(
                {
                    "unit_id": unit.id,
                    "partner_id": self.tenant_plain.id,
                    "date_start": date(2026, 1, 1),
                    "rent_amount": 300.0,
                }
            )
        )
        lease.action_activate()
        self.assertEqual(lease.company_id, other)
        count = self.env["account.move"].search_count([])
        with self.assertRaisesRegex(ValidationError, "Autre bailleur"):
            self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.tenant_plain.id,
                    "lease_id": lease.id,
                    "invoice_line_ids": [Command.create({"name": "Frais", "quantity": 1, "price_unit": 20.0})],
                }
            )
        self.assertEqual(self.env["account.move"].search_count([]), count)

    # ------------------------------------------------------------------ departure month
    def test_departure_month_benefit_not_prorated(self):
        """Departure on 10 March: rent and charges prorated (10/31), RLS and APL of the whole month. The CAF is billed
        the 200 it pays; the tenant's excess (145.16 + 16.13 - 30 - 200 = -68.71) is a credit note, refunded since
        the tenant owes nothing."""
        self.pay(
            self.notice(self.lease_apl, date(2026, 1, 1)) | self.notice(self.lease_apl, date(2026, 2, 1)),
            pay_date=date(2026, 2, 20),
        )
        self.lease_apl.date_end = date(2026, 3, 10)
        call = self.run_rent_call(date(2026, 3, 1))
        credit = self.tenant_invoice(call, self.lease_apl)
        self.assertEqual(credit.move_type, "out_refund")
        self.assertEqual(credit.amount_total, 68.71)
        payer = call.invoice_ids.filtered(lambda move: move.partner_id == self.caf)
        line = payer.invoice_line_ids.filtered(lambda line: line.housing_lease_id == self.lease_apl)
        self.assertEqual(line.price_subtotal, 200.0)
        refund = self.env["account.payment"].search(
            [("housing_lease_id", "=", self.lease_apl.id), ("payment_type", "=", "outbound")]
        )
        self.assertEqual(refund.amount, 68.71)
        self.assertEqual(refund.state, "draft")
        self.assertEqual(refund.partner_id, self.tenant_apl)
