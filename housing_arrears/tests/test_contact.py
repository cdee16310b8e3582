from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import HousingArrearsCommon


@tagged("post_install", "-at_install")
class TestUnreachable(HousingArrearsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        call = cls.env["housing.rent.call"].create({"period_start": date(2026, 1, 1), "company_id": cls.company.id})
        call.action_run()
        with freeze_time("2026-01-20"):
            cls.env.ref("housing_arrears.ir_cron_detect_arrears").sudo().method_direct_trigger()
        cls.case = cls.env["housing.arrears.case"].search([("lease_id", "=", cls.lease_apl.id)])
        cls.other_case = cls.env["housing.arrears.case"].search([("lease_id", "=", cls.lease_plain.id)])

    def _contact(self, outcome, when, case=None):
        with freeze_time(when):
            return self.env["housing.arrears.contact"].create(
                {"case_id": (case or self.case).id, "channel": "phone", "outcome": outcome, "date": when}
            )

    def test_three_failed_attempts_flag_unreachable(self):
        self._contact("no_answer", "2026-01-21 09:00:00")
        self._contact("wrong_number", "2026-01-22 09:00:00")
        self.assertFalse(self.case.unreachable)
        self.assertEqual(self.case.failed_attempts, 2)
        self._contact("refused", "2026-01-23 09:00:00")
        self.assertTrue(self.case.unreachable)
        self.assertEqual(self.case.unreachable_since, date(2026, 1, 23))
        self.assertEqual(self.case.urgency, "critical")
        activity = self.case.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.cesf_user, "the sector's prevention officer")
        # unreachable cases rise to the top of their column
        cases = self.env["housing.arrears.case"].search([("stage_id", "=", self.case.stage_id.id)])
        self.assertEqual(cases[0], self.case)
        # a successful contact clears the flag
        self._contact("reached", "2026-01-24 09:00:00")
        self.assertFalse(self.case.unreachable)
        self.assertEqual(self.case.failed_attempts, 0)

    def test_a_success_resets_the_count(self):
        self._contact("no_answer", "2026-01-21 09:00:00")
        self._contact("no_answer", "2026-01-22 09:00:00")
        self._contact("reached", "2026-01-23 09:00:00")
        self._contact("no_answer", "2026-01-24 09:00:00")
        self._contact("no_answer", "2026-01-25 09:00:00")
        self.assertEqual(self.case.failed_attempts, 2)
        self.assertFalse(self.case.unreachable)

    def test_sixty_days_without_success(self):
        self._contact("reached", "2026-01-21 09:00:00")
        self.detect("2026-03-21")
        self.assertFalse(self.case.unreachable, "59 days")
        self.detect("2026-03-22")
        self.assertTrue(self.case.unreachable, "60 days")
        self.assertEqual(len(self.case.activity_ids), 1)
        # the nightly action does not schedule the activity twice
        self.detect("2026-03-23")
        self.assertEqual(len(self.case.activity_ids), 1)

    def test_settings_are_used(self):
        self.company.housing_unreachable_attempts = 1
        self._contact("no_answer", "2026-01-21 09:00:00")
        self.assertTrue(self.case.unreachable)
