from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import html2plaintext

from ..models.housing_legal_step import working_days_before
from .common import HousingArrearsCommon


@tagged("post_install", "-at_install")
class TestProcedure(HousingArrearsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for period in (date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)):
            cls.env["housing.rent.call"].create({"period_start": period, "company_id": cls.company.id}).action_run()
        with freeze_time("2026-03-20"):
            cls.env.ref("housing_arrears.ir_cron_detect_arrears").sudo().method_direct_trigger()
        cls.case = cls.env["housing.arrears.case"].search([("lease_id", "=", cls.lease_plain.id)])
        cls.bailiff = cls.env["res.partner"].create({"name": "Maître Girard, commissaire de justice"})

    def step(self, step_type, day, case=None, **vals):
        with freeze_time(max(day, date(2026, 3, 20))):
            return self.env["housing.legal.step"].create(
                {"case_id": (case or self.case).id, "step_type": step_type, "date": day, **vals}
            )

    def test_payment_order_delay_by_signature_date(self):
        """6 weeks for leases signed on or after 29 July 2023, the contractual delay (2 months) before."""
        before = self._create_lease(self.unit_c, self.tenant_other, start=date(2023, 7, 28), rent_amount=400.0)
        self.assertEqual((before.payment_order_delay, before.payment_order_delay_unit), (2, "months"))
        self.assertEqual(before._clause_acquired_date(date(2026, 3, 10)), date(2026, 5, 10))
        before.date_end = date(2023, 7, 28)
        before.action_end()
        after = self._create_lease(self.unit_c, self.tenant_other, start=date(2023, 7, 29), rent_amount=400.0)
        self.assertEqual((after.payment_order_delay, after.payment_order_delay_unit), (6, "weeks"))
        self.assertEqual(after._clause_acquired_date(date(2026, 3, 10)), date(2026, 4, 21))
        with self.assertRaises(ValidationError):
            after.payment_order_delay_unit = "months"
        # an old lease keeps its own contractual delay
        before.payment_order_delay = 3
        self.assertEqual(before._clause_acquired_date(date(2026, 3, 10)), date(2026, 6, 10))

    def test_payment_order_deadline_and_stage(self):
        self.lease_plain.signature_date = date(2024, 1, 10)
        order = self.step("payment_order", date(2026, 3, 10), bailiff_id=self.bailiff.id)
        self.assertEqual(order.deadline, date(2026, 4, 21))
        self.assertEqual(self.case.stage_id, self.env.ref("housing_arrears.stage_payment_order"))
        self.assertEqual(self.case.pole, "litigation")
        self.assertEqual(self.case.user_id, self.lit_user)
        self.assertTrue(self.case.payment_order_served)
        activity = self.case.activity_ids.filtered(lambda a: a.date_deadline == date(2026, 4, 21))
        self.assertEqual(activity.user_id, self.lit_user)

    def test_summons_refused_without_payment_order(self):
        self.step("ccapex_referral", date(2026, 1, 5), channel="exploc")
        with self.assertRaisesRegex(ValidationError, "commandement de payer"):
            self.step("summons", date(2026, 3, 15), hearing_date=date(2026, 6, 1))
        self.assertFalse(
            self.env["housing.legal.step"].search_count([("case_id", "=", self.case.id), ("step_type", "=", "summons")])
        )

    def test_summons_refused_before_ccapex_plus_two_months(self):
        self.step("payment_order", date(2026, 1, 10))
        with self.assertRaisesRegex(ValidationError, "CCAPEX"):
            self.step("summons", date(2026, 3, 15), hearing_date=date(2026, 6, 1))
        self.step("ccapex_referral", date(2026, 1, 16), channel="exploc")
        with self.assertRaisesRegex(ValidationError, "16/03/2026"):
            self.step("summons", date(2026, 3, 15), hearing_date=date(2026, 6, 1))
        summons = self.step("summons", date(2026, 3, 16), hearing_date=date(2026, 6, 1))
        self.assertEqual(summons.state, "done")
        # a landlord that is not a legal person is not bound by the CCAPEX delay
        self.company.housing_landlord_legal_person = False
        other = self.case_of(self.lease_apl)
        self.step("payment_order", date(2026, 1, 10), case=other)
        self.step("summons", date(2026, 3, 1), case=other, hearing_date=date(2026, 5, 1))

    def _summons(self, hearing):
        self.step("ccapex_referral", date(2025, 12, 1), channel="deemed")
        self.step("payment_order", date(2026, 1, 10))
        return self.step("summons", date(2026, 3, 20), hearing_date=hearing)

    def test_prefect_notice_42_days_before_hearing(self):
        summons = self._summons(date(2026, 5, 1))  # 42 days after 20 March
        self.assertEqual(summons.deadline, date(2026, 3, 20))
        self.assertFalse(summons.warning)
        on_time = self.step("prefect_notice", date(2026, 3, 20))
        self.assertFalse(on_time.warning)

    def test_prefect_notice_41_days_is_too_late(self):
        summons = self._summons(date(2026, 4, 30))  # 41 days after 20 March
        self.assertEqual(summons.deadline, date(2026, 3, 19))
        self.assertIn("42", summons.warning)
        self.assertIn(summons.warning, html2plaintext(self.case.message_ids.mapped("body")[0]))
        late = self.step("prefect_notice", date(2026, 3, 20))
        self.assertIn("irrecevable", late.warning)

    def test_social_diagnostic_reminder_five_working_days(self):
        summons = self._summons(date(2026, 6, 1))  # a Monday
        self.assertEqual(working_days_before(date(2026, 6, 1), 5), date(2026, 5, 25))
        reminder = self.case.activity_ids.filtered(lambda a: a.date_deadline == date(2026, 5, 25))
        self.assertTrue(reminder)
        self.assertEqual(summons.hearing_date, date(2026, 6, 1))

    def test_judgment_before_hearing_refused(self):
        self._summons(date(2026, 6, 1))
        with self.assertRaisesRegex(ValidationError, "audience"):
            self.step("judgment", date(2026, 6, 10), judgment_outcome="termination", delay_months=3)
        with freeze_time("2026-06-01"):
            self.step("hearing", date(2026, 6, 1))
        with freeze_time("2026-06-10"):
            with self.assertRaises(ValidationError):
                self.step("judgment", date(2026, 6, 10), judgment_outcome="termination", delay_months=13)
            with self.assertRaises(ValidationError):
                self.step("judgment", date(2026, 6, 10), judgment_outcome="payment_delays", delay_months=37)
            judgment = self.step("judgment", date(2026, 6, 10), judgment_outcome="payment_delays", delay_months=24)
        self.assertTrue(self.case.clause_suspended)
        self.assertEqual(self.case.stage_id, self.env.ref("housing_arrears.stage_judgment"))
        self.assertEqual(judgment.state, "done")

    def test_done_step_in_the_future_refused(self):
        with freeze_time("2026-03-20"), self.assertRaisesRegex(ValidationError, "futur"):
            self.env["housing.legal.step"].create(
                {"case_id": self.case.id, "step_type": "formal_notice", "date": date(2026, 3, 21)}
            )
        self.assertFalse(self.env["housing.legal.step"].search_count([("case_id", "=", self.case.id)]))

    def test_step_cancelled_with_reason_never_deleted(self):
        notice = self.step("formal_notice", date(2026, 3, 12))
        with self.assertRaises(UserError):
            notice.unlink()
        wizard = self.env["housing.legal.step.cancel"].create({"step_ids": notice.ids, "reason": " "})
        with self.assertRaises(UserError):
            wizard.action_cancel()
        self.assertEqual(notice.state, "done")
        wizard.reason = "Sent to the wrong address"
        wizard.action_cancel()
        self.assertEqual(notice.state, "cancelled")
        self.assertEqual(notice.cancel_reason, "Sent to the wrong address")
        self.assertIn("wrong address", self.case.message_ids[0].body)

    def _up_to_order_to_vacate(self, order_date, prefect_notified=True):
        self._summons(date(2026, 5, 4))
        with freeze_time("2026-05-20"):
            self.step("hearing", date(2026, 5, 4))
            self.step("judgment", date(2026, 5, 18), judgment_outcome="termination", delay_months=2)
        with freeze_time(order_date):
            return self.step("order_to_vacate", order_date, prefect_notified=prefect_notified)

    def test_order_to_vacate_needs_prefect_notice(self):
        order = self._up_to_order_to_vacate(date(2026, 7, 20), prefect_notified=False)
        self.assertFalse(order.deadline)
        self.assertIn("préfet", order.warning)
        with freeze_time("2026-10-01"), self.assertRaises(ValidationError):
            self.step("police_request", date(2026, 10, 1))

    def test_eviction_window_ends_inside_the_winter_truce(self):
        # the two months after the order end on 15 November, inside the truce (1 November - 31 March)
        order = self._up_to_order_to_vacate(date(2026, 9, 15))
        self.assertEqual(order.deadline, date(2026, 11, 15))
        Step = self.env["housing.legal.step"]
        with freeze_time("2026-09-20"):
            with self.assertRaisesRegex(ValidationError, "15/11/2026"):
                Step.create(
                    {"case_id": self.case.id, "step_type": "eviction", "state": "planned", "date": date(2026, 10, 30)}
                )
            with self.assertRaisesRegex(ValidationError, "trêve"):
                Step.create(
                    {"case_id": self.case.id, "step_type": "eviction", "state": "planned", "date": date(2026, 11, 20)}
                )
            with self.assertRaisesRegex(ValidationError, "trêve"):
                Step.create(
                    {"case_id": self.case.id, "step_type": "eviction", "state": "planned", "date": date(2027, 3, 31)}
                )
            planned = Step.create(
                {"case_id": self.case.id, "step_type": "eviction", "state": "planned", "date": date(2027, 4, 1)}
            )
        self.assertEqual(planned.state, "planned")
        # a legal exception, with its reason, allows it during the truce
        with freeze_time("2026-09-20"):
            with self.assertRaises(ValidationError):
                Step.create(
                    {
                        "case_id": self.case.id,
                        "step_type": "eviction",
                        "state": "planned",
                        "date": date(2026, 11, 20),
                        "truce_exception": "rehousing",
                    }
                )
            exception = Step.create(
                {
                    "case_id": self.case.id,
                    "step_type": "eviction",
                    "state": "planned",
                    "date": date(2026, 11, 20),
                    "truce_exception": "rehousing",
                    "truce_exception_reason": "Rehoused by the préfecture in a T3",
                }
            )
        self.assertEqual(exception.truce_exception, "rehousing")
        # the rest of the procedure continues during the truce
        with freeze_time("2026-12-01"):
            self.step("formal_notice", date(2026, 12, 1))

    def test_truce_dates_and_extensions_are_settings(self):
        Truce = self.env["housing.truce.period"]
        self.assertTrue(Truce._find_truce(self.company, date(2026, 11, 1)))
        self.assertTrue(Truce._find_truce(self.company, date(2027, 3, 31)))
        self.assertFalse(Truce._find_truce(self.company, date(2026, 10, 31)))
        self.assertFalse(Truce._find_truce(self.company, date(2027, 4, 1)))
        Truce.create({"name": "Prolongation 2027", "date_from": date(2027, 4, 1), "date_to": date(2027, 5, 31)})
        self.assertEqual(Truce._find_truce(self.company, date(2027, 4, 15)), "Prolongation 2027")
        self.company.housing_truce_start = "15/10"
        self.assertTrue(Truce._find_truce(self.company, date(2026, 10, 20)))
        with self.assertRaises(ValidationError):
            self.company.housing_truce_end = "31 mars"
