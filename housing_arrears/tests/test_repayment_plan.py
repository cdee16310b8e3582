from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import HousingArrearsCommon


@tagged("post_install", "-at_install")
class TestRepaymentPlan(HousingArrearsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for period in (date(2026, 1, 1), date(2026, 2, 1)):
            cls.env["housing.rent.call"].create({"period_start": period, "company_id": cls.company.id}).action_run()
        with freeze_time("2026-02-20"):
            cls.env.ref("housing_arrears.ir_cron_detect_arrears").sudo().method_direct_trigger()
        cls.case = cls.env["housing.arrears.case"].search([("lease_id", "=", cls.lease_apl.id)])  # 540 owed

    def new_plan(self, **vals):
        with freeze_time("2026-02-25"):
            return self.env["housing.repayment.plan"].create(
                {
                    "case_id": self.case.id,
                    "kind": "amicable",
                    "debt_amount": 540.0,
                    "start_month": date(2026, 3, 1),
                    "instalment_count": 3,
                    "signature_date": date(2026, 2, 25),
                    **vals,
                }
            )

    def monitor(self, day):
        with freeze_time(day):
            self.env.ref("housing_arrears.ir_cron_monitor_plans").sudo().method_direct_trigger()

    def test_schedule_by_count_and_by_amount(self):
        plan = self.new_plan(debt_amount=500.0)
        plan.action_generate_schedule()
        self.assertEqual(plan.line_ids.mapped("amount"), [166.67, 166.67, 166.66])
        self.assertEqual(plan.line_ids.mapped("month"), [date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1)])
        by_amount = self.new_plan(computation="amount", instalment_amount=200.0, debt_amount=540.0)
        by_amount.action_generate_schedule()
        self.assertEqual(by_amount.line_ids.mapped("amount"), [200.0, 200.0, 140.0])

    def test_instalments_capped_by_setting(self):
        with self.assertRaises(ValidationError):
            self.new_plan(instalment_count=37)
        self.company.housing_plan_max_instalments = 12
        with self.assertRaises(ValidationError):
            self.new_plan(computation="amount", instalment_amount=40.0)
        self.assertFalse(self.env["housing.repayment.plan"].search_count([("case_id", "=", self.case.id)]))

    def test_plan_stage_needs_a_signed_plan(self):
        stage = self.env.ref("housing_arrears.stage_plan")
        before = self.case.stage_id
        with self.assertRaisesRegex(UserError, "plan"):
            self.case.stage_id = stage
        self.assertEqual(self.case.stage_id, before)
        self.new_plan()
        with self.assertRaises(UserError, msg="a draft plan is not enough"):
            self.case.stage_id = stage

    def test_signed_plan_billed_with_the_rent_and_kept(self):
        plan = self.new_plan()
        with freeze_time("2026-02-25"):
            plan.action_sign()
        self.assertEqual(plan.state, "active")
        self.assertEqual(self.case.stage_id, self.env.ref("housing_arrears.stage_plan"))
        with self.assertRaises(UserError):
            plan.debt_amount = 1.0
        jan = self.env["account.move"].search(
            [("lease_id", "=", self.lease_apl.id), ("housing_period", "=", date(2026, 1, 1))]
        )
        march = self.tenant_invoice(self.run_rent_call(date(2026, 3, 1)), self.lease_apl)
        # one notice: the rent share and the instalment
        self.assertEqual(march.amount_total, 270.0 + 180.0)
        instalment = march.invoice_line_ids.filtered("housing_plan_line_id")
        self.assertEqual(instalment.price_subtotal, 180.0)
        self.assertEqual(plan.line_ids[0].invoice_id, march)
        self.assertEqual(plan.line_ids[0].state, "billed")
        # one receivable: the instalment has left the oldest unpaid rent, the total owed is unchanged
        self.assertEqual(jan.amount_residual, 90.0)
        self.detect("2026-03-06")
        self.assertEqual(self.case.debt_amount, 540.0 + 270.0)
        # the tenant pays the March notice: the instalment is kept
        self.pay(march, pay_date=date(2026, 3, 10))
        self.monitor("2026-03-16")
        self.assertEqual(plan.line_ids[0].state, "paid")
        self.assertEqual(plan.paid_amount, 180.0)
        for period, day in ((date(2026, 4, 1), date(2026, 4, 10)), (date(2026, 5, 1), date(2026, 5, 10))):
            invoice = self.tenant_invoice(self.run_rent_call(period), self.lease_apl)
            self.pay(invoice, pay_date=day)
            self.monitor(day.replace(day=16))
        self.assertEqual(plan.state, "kept")
        self.assertEqual(plan.kept_date, date(2026, 5, 16))
        # the case is cleared by the kept plan: settled amicably
        self.detect("2026-05-17")
        self.assertTrue(self.case.is_closed)
        self.assertTrue(self.case.settled_amicably)

    def test_plan_broken_on_its_first_miss(self):
        plan = self.new_plan()
        with freeze_time("2026-02-25"):
            plan.action_sign()
        march = self.tenant_invoice(self.run_rent_call(date(2026, 3, 1)), self.lease_apl)
        self.monitor("2026-03-15")
        self.assertEqual(plan.state, "active", "still within the grace days")
        # only the rent share is paid, not the instalment: the first miss breaks the plan
        self.pay(march, amount=270.0, pay_date=date(2026, 3, 10))
        self.monitor("2026-03-16")
        self.assertEqual(plan.state, "broken")
        self.assertEqual(plan.broken_date, date(2026, 3, 16))
        self.assertEqual(plan.line_ids.mapped("state"), ["missed", "cancelled", "cancelled"])
        activity = self.case.activity_ids.filtered(lambda a: a.summary and "plan" in a.summary.lower())
        self.assertEqual(activity.user_id, self.case.user_id)
        # a broken plan bills nothing more
        april = self.tenant_invoice(self.run_rent_call(date(2026, 4, 1)), self.lease_apl)
        self.assertFalse(april.invoice_line_ids.filtered("housing_plan_line_id"))
        self.monitor("2026-03-17")
        self.assertEqual(plan.state, "broken")

    def test_judicial_plan_broken_lifts_the_suspension(self):
        self.case.write({"clause_suspended": True})
        plan = self.new_plan(kind="judicial")
        with freeze_time("2026-02-25"):
            plan.action_sign()
        self.run_rent_call(date(2026, 3, 1))
        self.monitor("2026-03-16")
        self.assertEqual(plan.state, "broken")
        self.assertTrue(self.case.clause_suspension_lifted)
        self.assertEqual(self.case.clause_suspension_lifted_date, date(2026, 3, 16))
        told = self.case.activity_ids.filtered(lambda a: a.user_id == self.lit_user)
        self.assertTrue(told, "the litigation officer is told")

    def test_one_running_plan_and_no_deletion(self):
        plan = self.new_plan()
        with freeze_time("2026-02-25"):
            plan.action_sign()
            second = self.new_plan()
            with self.assertRaises(UserError):
                second.action_sign()
        with self.assertRaises(UserError):
            plan.unlink()
        plan.action_cancel()
        self.assertEqual(plan.state, "cancelled")
        with freeze_time("2026-02-25"):
            second.action_sign()
        self.assertEqual(self.case.active_plan_id, second)

    def test_signature_in_the_future_refused(self):
        with freeze_time("2026-02-25"), self.assertRaises(ValidationError):
            self.new_plan(signature_date=date(2026, 3, 1))
