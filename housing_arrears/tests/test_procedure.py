from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import html2plaintext

from ..models.res_company import working_days_before
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
        """6 weeks for leases signed on or after 29 July 2023, the contractual delay (2 months) before; the clause
        is acquired the day after the delay's last day."""
        before = self._create_lease(self.unit_c, self.tenant_other, start=date(2023, 7, 28), rent_amount=400.0)
        self.assertEqual((before.payment_order_delay, before.payment_order_delay_unit), (2, "months"))
        self.assertEqual(before._payment_order_delay_end(date(2026, 3, 10)), date(2026, 5, 10))
        self.assertEqual(before._clause_acquired_date(date(2026, 3, 10)), date(2026, 5, 11))
        before.date_end = date(2023, 7, 28)
        before.action_end()
        after = self._create_lease(self.unit_c, self.tenant_other, start=date(2023, 7, 29), rent_amount=400.0)
        self.assertEqual((after.payment_order_delay, after.payment_order_delay_unit), (6, "weeks"))
        self.assertEqual(after._payment_order_delay_end(date(2026, 3, 10)), date(2026, 4, 21))
        self.assertEqual(after._clause_acquired_date(date(2026, 3, 10)), date(2026, 4, 22))
        # shorter than the law: refused, and nothing written
        with self.assertRaisesRegex(ValidationError, "6 semaines"):
            after.write({"payment_order_delay": 5})
        with self.assertRaisesRegex(ValidationError, "6 semaines"):
            after.write({"payment_order_delay": 1, "payment_order_delay_unit": "months"})
        self.assertEqual((after.payment_order_delay, after.payment_order_delay_unit), (6, "weeks"))
        # a clause more favourable to the tenant is allowed
        after.write({"payment_order_delay": 2, "payment_order_delay_unit": "months"})
        self.assertEqual(after._clause_acquired_date(date(2026, 3, 10)), date(2026, 5, 11))
        # an old lease keeps its own contractual delay
        before.payment_order_delay = 3
        self.assertEqual(before._clause_acquired_date(date(2026, 3, 10)), date(2026, 6, 11))
        # a delay in months ends on the month's last day when it has no same day number
        self.assertEqual(before._clause_acquired_date(date(2025, 11, 30)), date(2026, 3, 1))

    def test_payment_order_deadline_and_stage(self):
        self.lease_plain.signature_date = date(2024, 1, 10)
        order = self.step("payment_order", date(2026, 3, 10), bailiff_id=self.bailiff.id)
        self.assertEqual(order.deadline, date(2026, 4, 22), "6 weeks end on 21 April: acquired from the next day")
        self.assertEqual(
            order.with_context(lang="fr_FR").deadline_label,
            "Clause résolutoire acquise, assignation possible à compter du",
        )
        self.assertEqual(self.case.stage_id, self.env.ref("housing_arrears.stage_payment_order"))
        self.assertEqual(self.case.pole, "litigation")
        self.assertEqual(self.case.user_id, self.lit_user)
        self.assertTrue(self.case.payment_order_served)
        activity = self.case.activity_ids.filtered(lambda a: a.date_deadline == date(2026, 4, 22))
        self.assertEqual(activity.user_id, self.lit_user)
        self.assertEqual(activity.housing_legal_step_id, order)

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
        referral = self.step("ccapex_referral", date(2026, 1, 16), channel="exploc")
        self.assertEqual(referral.deadline, date(2026, 3, 17), "2 months end on 16 March: summons from the next day")
        with self.assertRaisesRegex(ValidationError, "17/03/2026"):
            self.step("summons", date(2026, 3, 16), hearing_date=date(2026, 6, 1))
        summons = self.step("summons", date(2026, 3, 17), hearing_date=date(2026, 6, 1))
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
        """5 working days before the hearing, public holidays excluded."""
        self.assertEqual(working_days_before(date(2026, 5, 12), 5), date(2026, 5, 4), "8 May is a holiday")
        self.assertEqual(working_days_before(date(2026, 11, 16), 5), date(2026, 11, 6), "11 November is a holiday")
        # Alsace-Moselle: Good Friday (3 April 2026) too
        self.assertEqual(working_days_before(date(2026, 4, 9), 5), date(2026, 4, 1), "Easter Monday")
        self.assertEqual(working_days_before(date(2026, 4, 9), 5, alsace_moselle=True), date(2026, 3, 31))
        summons = self._summons(date(2026, 6, 1))  # a Monday after Whit Monday (25 May)
        reminder = summons.reminder_activity_ids.filtered(lambda a: a.housing_reminder_key == "dsf")
        self.assertEqual(reminder.date_deadline, date(2026, 5, 22))
        self.assertEqual(reminder.user_id, self.lit_user)
        hearing = summons.reminder_activity_ids.filtered(lambda a: a.housing_reminder_key == "hearing")
        self.assertEqual(hearing.date_deadline, date(2026, 6, 1))
        # the company option moves the reminders of the open procedures
        self.company.housing_holidays_alsace_moselle = True
        other = self.case_of(self.lease_apl)
        self.step("ccapex_referral", date(2025, 12, 1), case=other, channel="deemed")
        self.step("payment_order", date(2026, 1, 10), case=other)
        summons = self.step("summons", date(2026, 3, 20), case=other, hearing_date=date(2026, 4, 9))
        reminder = summons.reminder_activity_ids.filtered(lambda a: a.housing_reminder_key == "dsf")
        self.assertEqual(reminder.date_deadline, date(2026, 3, 31))
        self.company.housing_holidays_alsace_moselle = False
        self.assertEqual(reminder.date_deadline, date(2026, 4, 1), "the same activity, moved")
        # the diagnostic received: no reminder left
        with freeze_time("2026-03-30"):
            self.step("social_diagnostic", date(2026, 3, 30), case=other)
        self.assertFalse(reminder.exists())

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

    def _up_to_order_to_vacate(self, order_date, notified=True, delay_months=2, **judgment):
        self._summons(date(2026, 5, 4))
        with freeze_time("2026-05-20"):
            self.step("hearing", date(2026, 5, 4))
            self.step(
                "judgment", date(2026, 5, 18), judgment_outcome="termination", delay_months=delay_months, **judgment
            )
        with freeze_time(order_date):
            return self.step("order_to_vacate", order_date, prefect_notice_date=order_date if notified else False)

    def test_order_to_vacate_needs_prefect_notice(self):
        order = self._up_to_order_to_vacate(date(2026, 7, 20), notified=False)
        self.assertFalse(order.deadline)
        self.assertFalse(order.prefect_notified)
        self.assertIn("préfet", order.warning)
        with freeze_time("2026-10-01"), self.assertRaisesRegex(ValidationError, "préfet"):
            self.step("police_request", date(2026, 10, 1))
        # notified a month later: the two months run from the notification
        with freeze_time("2026-08-20"):
            order.prefect_notice_date = date(2026, 8, 20)
        self.assertTrue(order.prefect_notified)
        self.assertEqual(order.deadline, date(2026, 10, 21), "20 August + 2 months = 20 October, then the next day")
        with freeze_time("2026-10-20"), self.assertRaisesRegex(ValidationError, "21/10/2026"):
            self.step("police_request", date(2026, 10, 20))
        with freeze_time("2026-10-21"):
            self.step("police_request", date(2026, 10, 21))
        # the notification comes after the service, and never from the future
        with freeze_time("2026-08-20"):
            with self.assertRaisesRegex(ValidationError, "signifié"):
                order.prefect_notice_date = date(2026, 7, 19)
            with self.assertRaises(ValidationError):
                order.prefect_notice_date = date(2026, 8, 21)

    def test_police_request_on_the_last_day_is_premature(self):
        """The two months of an order to vacate served on 20 July end on 20 September: a request that day is
        premature."""
        order = self._up_to_order_to_vacate(date(2026, 7, 20))
        with freeze_time("2026-09-20"), self.assertRaisesRegex(ValidationError, "21/09/2026"):
            self.step("police_request", date(2026, 9, 20))
        with freeze_time("2026-09-21"):
            request = self.step("police_request", date(2026, 9, 21))
        self.assertEqual(request.deadline, date(2026, 11, 22), "silence of the préfet: refusal from the next day")
        self.assertEqual(order.deadline, date(2026, 9, 21))

    def test_notification_date_moves_the_deadline_and_its_activity(self):
        # served and notified on 1 June: 2 months end on 1 August, 2 August is a Sunday
        order = self._up_to_order_to_vacate(date(2026, 6, 1))
        self.assertEqual(order.deadline, date(2026, 8, 3))
        activity = order.reminder_activity_ids.filtered(lambda a: a.housing_reminder_key == "deadline")
        self.assertEqual(activity.date_deadline, date(2026, 8, 3))
        police = order.reminder_activity_ids.filtered(lambda a: a.housing_reminder_key == "police")
        self.assertEqual(police.date_deadline, date(2026, 8, 2), "a police request is a letter: any day")
        # the notification was in fact received a month later
        with freeze_time("2026-07-02"):
            order.prefect_notice_date = date(2026, 7, 1)
        self.assertEqual(order.deadline, date(2026, 9, 2))
        self.assertEqual(activity.date_deadline, date(2026, 9, 2), "the same activity, moved")
        self.assertIn("02/09/2026", activity.summary)
        self.assertFalse(police.exists(), "police request and eviction possible the same day: one reminder")

    def test_eviction_window_ends_inside_the_winter_truce(self):
        # the two months after the order end on 15 November, inside the truce (1 November - 31 March)
        order = self._up_to_order_to_vacate(date(2026, 9, 15))
        self.assertEqual(order.deadline, date(2027, 4, 1), "16 November is in the truce: 1 April 2027")
        self.assertEqual(order.with_context(lang="fr_FR").deadline_label, "Expulsion possible à compter du")
        Step = self.env["housing.legal.step"]
        with freeze_time("2026-09-20"):
            with self.assertRaisesRegex(ValidationError, "16/11/2026.*01/04/2027"):
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
        # a leap year: 29 February is inside the truce
        self.assertTrue(Truce._find_truce(self.company, date(2028, 2, 29)))
        Truce.create({"name": "Prolongation 2027", "date_from": date(2027, 4, 1), "date_to": date(2027, 5, 31)})
        self.assertEqual(Truce._find_truce(self.company, date(2027, 4, 15)), "Prolongation 2027")
        self.company.housing_truce_start = "15/10"
        self.assertTrue(Truce._find_truce(self.company, date(2026, 10, 20)))
        with self.assertRaises(ValidationError):
            self.company.housing_truce_end = "31 mars"
        # 29/02 is refused (most years have no such day), and nothing is written
        with self.assertRaisesRegex(ValidationError, "29/02"):
            self.company.housing_truce_end = "29/02"
        self.assertEqual(self.company.housing_truce_end, "31/03")
        self.company.housing_truce_end = "28/02"
        self.assertTrue(Truce._find_truce(self.company, date(2027, 2, 28)))
        self.assertFalse(Truce._find_truce(self.company, date(2027, 3, 1)))
        self.assertFalse(Truce._find_truce(self.company, date(2028, 2, 29)), "the leap day after a 28/02 end")

    # ------------------------------------------------------------------ legal delays (issue 9)
    def test_summons_refused_before_the_clause_is_acquired(self):
        """Payment order of 10 March 2026 on a lease signed after 29 July 2023: 6 weeks end on 21 April."""
        self.step("ccapex_referral", date(2025, 12, 1), channel="exploc")
        self.step("payment_order", date(2026, 3, 10))
        with self.assertRaisesRegex(ValidationError, "22/04/2026"):
            self.step("summons", date(2026, 4, 21), hearing_date=date(2026, 6, 15))
        self.assertFalse(self.case.step_ids.filtered(lambda s: s.step_type == "summons"))
        summons = self.step("summons", date(2026, 4, 22), hearing_date=date(2026, 6, 15))
        self.assertEqual(summons.state, "done")

    def test_judgment_time_to_vacate(self):
        """0 allowed; its range by the date of the judgment; no police request nor eviction before it ends."""
        self._summons(date(2026, 5, 4))
        with freeze_time("2026-05-20"):
            self.step("hearing", date(2026, 5, 4))
            with self.assertRaisesRegex(ValidationError, "1 à 12 mois"):
                self.step("judgment", date(2026, 5, 18), judgment_outcome="termination", delay_months=13)
            none = self.step("judgment", date(2026, 5, 18), judgment_outcome="termination", delay_months=0)
        self.assertFalse(none.deadline, "no time to vacate granted")
        none._cancel("Judgment rectified: the judge granted six months")
        with freeze_time("2026-05-20"):
            judgment = self.step(
                "judgment",
                date(2026, 5, 18),
                judgment_outcome="termination",
                delay_months=6,
                vacate_from=date(2026, 5, 19),
            )
        self.assertEqual(judgment.deadline, date(2026, 11, 20), "6 months from 19 May end on 19 November")
        with freeze_time("2026-06-01"):
            order = self.step("order_to_vacate", date(2026, 6, 1), prefect_notice_date=date(2026, 6, 1))
        self.assertEqual(order.deadline, date(2027, 4, 1), "the time to vacate ends in the truce")
        with freeze_time("2026-11-19"), self.assertRaisesRegex(ValidationError, "20/11/2026"):
            self.step("police_request", date(2026, 11, 19))
        with freeze_time("2026-08-10"), self.assertRaisesRegex(ValidationError, "juge"):
            self.env["housing.legal.step"].create(
                {"case_id": self.case.id, "step_type": "eviction", "state": "planned", "date": date(2026, 10, 12)}
            )
        with freeze_time("2026-11-20"):
            self.step("police_request", date(2026, 11, 20))
        # the judge's time to vacate corrected: the order's first eviction day follows
        with freeze_time("2026-06-02"):
            judgment.delay_months = 2
        self.assertEqual(order.deadline, date(2026, 8, 3), "2 August 2026 is a Sunday")

    def test_judgment_before_2023_time_to_vacate(self):
        """A judgment of 2022 grants 3 months to 3 years."""
        other = self.case_of(self.lease_apl)
        self.step("ccapex_referral", date(2022, 1, 5), case=other, channel="exploc")
        self.step("payment_order", date(2022, 1, 10), case=other)
        self.step("summons", date(2022, 3, 15), case=other, hearing_date=date(2022, 5, 2))
        self.step("hearing", date(2022, 5, 2), case=other)
        with self.assertRaisesRegex(ValidationError, "3 à 36 mois"):
            self.step("judgment", date(2022, 6, 1), case=other, judgment_outcome="termination", delay_months=2)
        judgment = self.step("judgment", date(2022, 6, 1), case=other, judgment_outcome="termination", delay_months=18)
        self.assertEqual(judgment.deadline, date(2023, 12, 2))
        # the date of the law is a setting
        self.company.housing_law_2023_date = date(2022, 6, 1)
        with self.assertRaisesRegex(ValidationError, "1 à 12 mois"):
            judgment.delay_months = 19

    def test_eviction_refused_on_sundays_and_public_holidays(self):
        # served and notified on 31 August 2026: the two months end at midnight on 31 October
        order = self._up_to_order_to_vacate(date(2026, 8, 31))
        self.assertEqual(order.deadline, date(2027, 4, 1), "1 November: holiday, Sunday and truce")
        Step = self.env["housing.legal.step"]

        def plan(day, **vals):
            with freeze_time("2026-09-01"):
                return Step.create(
                    {"case_id": self.case.id, "step_type": "eviction", "state": "planned", "date": day, **vals}
                )

        with self.assertRaisesRegex(ValidationError, "01/11/2026"):
            plan(date(2026, 10, 31))  # a Saturday, the last day of the delay
        with self.assertRaisesRegex(ValidationError, "dimanche.*05/04/2027"):
            plan(date(2027, 4, 4))  # a Sunday
        with self.assertRaisesRegex(ValidationError, "férié.*07/05/2027"):
            plan(date(2027, 5, 6))  # Ascension day
        self.assertFalse(self.case.step_ids.filtered(lambda s: s.step_type == "eviction"))
        self.assertTrue(plan(date(2027, 4, 3)), "a Saturday is allowed")
        self.assertTrue(plan(date(2027, 5, 6), holiday_authorised=True), "with the special authorisation of the judge")
        # Alsace-Moselle: Good Friday
        self.assertTrue(plan(date(2028, 4, 14)))
        self.company.housing_holidays_alsace_moselle = True
        with self.assertRaisesRegex(ValidationError, "férié"):
            plan(date(2028, 4, 14))

    def test_truce_extension_rechecks_planned_evictions(self):
        order = self._up_to_order_to_vacate(date(2026, 9, 15))
        with freeze_time("2026-09-20"):
            eviction = self.env["housing.legal.step"].create(
                {"case_id": self.case.id, "step_type": "eviction", "state": "planned", "date": date(2027, 4, 1)}
            )
        self.assertEqual(order.deadline, date(2027, 4, 1))
        activity = order.reminder_activity_ids.filtered(lambda a: a.housing_reminder_key == "deadline")
        with freeze_time("2027-01-10"):
            self.env["housing.truce.period"].create(
                {"name": "Décret de prolongation 2027", "date_from": date(2027, 4, 1), "date_to": date(2027, 4, 30)}
            )
        # 1 May 2027 is a Saturday and a holiday, 2 May a Sunday
        self.assertEqual(order.deadline, date(2027, 5, 3))
        self.assertEqual(activity.date_deadline, date(2027, 5, 3))
        told = eviction.reminder_activity_ids.filtered(lambda a: a.housing_reminder_key == "recheck")
        self.assertEqual(told.user_id, self.lit_user)
        self.assertIn("Décret de prolongation 2027", told.note)
        self.assertIn("01/04/2027", self.case.message_ids[0].body)
        # rescheduled after the extension: the officer's activity goes
        with freeze_time("2027-01-11"):
            eviction.date = date(2027, 5, 3)
        self.assertFalse(told.exists())

    def test_settings_and_lease_move_the_deadlines(self):
        referral = self.step("ccapex_referral", date(2026, 1, 16), channel="exploc")
        order = self.step("payment_order", date(2026, 3, 10))
        moved = referral.reminder_activity_ids
        self.assertEqual(moved.date_deadline, date(2026, 3, 17))
        self.company.housing_ccapex_months = 3
        self.assertEqual(referral.deadline, date(2026, 4, 17))
        self.assertEqual(moved.date_deadline, date(2026, 4, 17), "the same activity, moved")
        # the lease's signature date corrected to before the law: its contractual 2 months apply
        self.assertEqual(order.deadline, date(2026, 4, 22))
        self.lease_plain.signature_date = date(2021, 5, 3)
        self.assertEqual(
            (self.lease_plain.payment_order_delay, self.lease_plain.payment_order_delay_unit), (2, "months")
        )
        self.assertEqual(order.deadline, date(2026, 5, 11))
        self.assertEqual(order.reminder_activity_ids.date_deadline, date(2026, 5, 11))
        self.lease_plain.payment_order_delay = 3
        self.assertEqual(order.deadline, date(2026, 6, 11))
        # the 6 weeks are a setting too
        self.lease_plain.signature_date = date(2024, 1, 10)
        self.assertEqual(
            (self.lease_plain.payment_order_delay, self.lease_plain.payment_order_delay_unit), (6, "weeks")
        )
        self.assertEqual(order.deadline, date(2026, 4, 22))
        # the legal weeks are a setting: a new lease gets them
        self.company.housing_payment_order_weeks = 8
        lease = self._create_lease(self.unit_c, self.tenant_other, start=date(2026, 1, 5), rent_amount=400.0)
        self.assertEqual((lease.payment_order_delay, lease.payment_order_delay_unit), (8, "weeks"))
        with self.assertRaisesRegex(ValidationError, "8 semaines"):
            lease.payment_order_delay = 7

    def test_hearing_checks(self):
        """The préfet notice 42 days before the hearing, and whether the current rent was resumed."""
        summons = self._summons(date(2026, 5, 4))
        with freeze_time("2026-05-05"):
            hearing = self.step("hearing", date(2026, 5, 4))
        self.assertIn("23/03/2026", hearing.warning, "no notice recorded: it was due by 23 March")
        self.assertIn(hearing.warning, self.case.message_ids.mapped(lambda m: html2plaintext(m.body)))
        with freeze_time("2026-03-24"):
            self.step("prefect_notice", date(2026, 3, 24))
        self.assertIn("24/03/2026", hearing.warning, "41 days before the hearing")
        self.assertFalse(summons.warning)
        with freeze_time("2026-03-23"):
            self.step("prefect_notice", date(2026, 3, 23))
        self.assertFalse(hearing.warning)
        # current rent: the March rent (680) falls due in the two months before the hearing
        self.assertFalse(hearing.rent_resumed)
        march = self.tenant_invoice(
            self.env["housing.rent.call"].search(
                [("period_start", "=", date(2026, 3, 1)), ("company_id", "=", self.company.id)]
            ),
            self.lease_plain,
        )
        self.pay(march, amount=680.0, pay_date=date(2026, 4, 10))
        hearing.invalidate_recordset(["rent_resumed", "rent_resumed_info"])
        self.assertTrue(hearing.rent_resumed)
        self.assertIn("680", hearing.rent_resumed_info)

    def test_hearing_postponed(self):
        summons = self._summons(date(2026, 5, 4))
        with freeze_time("2026-03-20"):
            planned = self.step("hearing", date(2026, 5, 4), state="planned")
        reminders = {a.housing_reminder_key: a for a in summons.reminder_activity_ids}
        self.assertEqual(reminders["deadline"].date_deadline, date(2026, 3, 23))
        self.assertEqual(reminders["dsf"].date_deadline, date(2026, 4, 24), "1 May is a holiday")
        self.assertEqual(reminders["hearing"].date_deadline, date(2026, 5, 4))
        Postponement = self.env["housing.hearing.postponement"]
        with freeze_time("2026-05-04"):
            with self.assertRaisesRegex(UserError, "motif"):
                Postponement.create({"summons_id": summons.id, "new_date": date(2026, 6, 15), "reason": " "})
            with self.assertRaisesRegex(UserError, "04/05/2026"):
                Postponement.create({"summons_id": summons.id, "new_date": date(2026, 5, 3), "reason": "Renvoi"})
            self.assertEqual(summons.hearing_date, date(2026, 5, 4))
            Postponement.create(
                {"summons_id": summons.id, "new_date": date(2026, 6, 15), "reason": "À la demande du locataire"}
            )
        self.assertEqual(summons.hearing_date, date(2026, 6, 15))
        self.assertEqual(summons.deadline, date(2026, 5, 4), "42 days before the new hearing")
        self.assertEqual(reminders["deadline"].date_deadline, date(2026, 5, 4))
        self.assertEqual(reminders["dsf"].date_deadline, date(2026, 6, 8))
        self.assertEqual(reminders["hearing"].date_deadline, date(2026, 6, 15))
        self.assertEqual(planned.date, date(2026, 6, 15))
        self.assertIn("locataire", self.case.message_ids[0].body)
        self.assertEqual(summons.postponement_ids.old_date, date(2026, 5, 4))
        # the hearing held on the new date: its reminders go
        with freeze_time("2026-06-15"):
            planned.state = "done"
        self.assertFalse(reminders["hearing"].exists())
        self.assertFalse(reminders["dsf"].exists())

    def test_police_silence_counted_per_request(self):
        self._up_to_order_to_vacate(date(2026, 6, 1))
        with freeze_time("2026-08-03"):
            first = self.step("police_request", date(2026, 8, 3))
        with freeze_time("2026-09-01"):
            self.step("police_decision", date(2026, 9, 1), police_granted=True)
        # the assistance granted was not carried out before the truce: a second request in the spring
        with freeze_time("2027-04-06"):
            second = self.step("police_request", date(2027, 4, 6))
        silence = self.env.ref("housing_arrears.ir_cron_police_silence").sudo()
        with freeze_time("2027-06-06"):
            silence.method_direct_trigger()
        self.assertFalse(self.case.step_ids.filtered(lambda s: s.step_type == "state_compensation"))
        with freeze_time("2027-06-07"):
            silence.method_direct_trigger()
            silence.method_direct_trigger()
        claim = self.case.step_ids.filtered(lambda s: s.step_type == "state_compensation")
        self.assertEqual(claim.police_request_id, second)
        self.assertNotEqual(claim.police_request_id, first)
        self.assertEqual(self.case.compensation_start_date, date(2027, 6, 7))

    def test_social_cohesion_protocol(self):
        order = self._up_to_order_to_vacate(date(2026, 6, 1))
        Step = self.env["housing.legal.step"]
        with freeze_time("2026-07-01"):
            with self.assertRaisesRegex(ValidationError, "24 mois"):
                self.step("cohesion_protocol", date(2026, 7, 1), protocol_months=25)
            protocol = self.step("cohesion_protocol", date(2026, 7, 1), protocol_months=24)
        self.assertEqual(protocol.protocol_outcome, "running")
        self.assertEqual(protocol.deadline, date(2028, 6, 30))
        end = protocol.reminder_activity_ids
        self.assertEqual(end.date_deadline, date(2028, 6, 30))
        # while it runs, the landlord gives up the eviction
        with freeze_time("2026-09-01"), self.assertRaisesRegex(ValidationError, "protocole"):
            self.step("police_request", date(2026, 9, 1))
        with freeze_time("2026-09-01"), self.assertRaisesRegex(ValidationError, "protocole"):
            Step.create(
                {"case_id": self.case.id, "step_type": "eviction", "state": "planned", "date": date(2027, 4, 6)}
            )
        # extended by amendment, at most 3 years
        with self.assertRaisesRegex(ValidationError, "36 mois"):
            protocol.protocol_extension_months = 37
        protocol.protocol_extension_months = 12
        self.assertEqual(protocol.deadline, date(2029, 6, 30))
        self.assertEqual(end.date_deadline, date(2029, 6, 30), "the same activity, moved")
        # kept: a new lease within 3 months
        with freeze_time("2029-07-02"):
            protocol.action_protocol_kept()
        self.assertEqual(protocol.deadline, date(2029, 10, 2))
        self.assertEqual(end.date_deadline, date(2029, 10, 2))
        self.assertIn("nouveau bail", end.summary.lower())
        with self.assertRaises(UserError):
            protocol.action_protocol_broken()
        self.assertEqual(order.deadline, date(2026, 8, 3))
