from freezegun import freeze_time

from odoo.tests import RecordCapturer, tagged

from .common import HousingCesfCommon


@tagged("post_install", "-at_install")
class TestUnreachable(HousingCesfCommon):
    """A tenant flagged unreachable by the arrears module is proposed to the CESF automatically."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._open_cases()

    def _fail(self, when, case=None):
        with freeze_time(when):
            self.env["housing.arrears.contact"].with_user(self.officer).create(
                {"case_id": (case or self.case).id, "channel": "phone", "outcome": "no_answer", "date": when}
            )

    def test_unreachable_tenant_is_proposed(self):
        self._fail("2026-01-21 09:00:00")
        self._fail("2026-01-22 09:00:00")
        self.assertFalse(self.Followup.search([("partner_id", "=", self.tenant_apl.id)]))
        self._fail("2026-01-23 09:00:00")
        self.assertTrue(self.case.unreachable)
        followup = self.Followup.search([("partner_id", "=", self.tenant_apl.id)])
        self.assertEqual(len(followup), 1)
        self.assertEqual(followup.stage_id, self.stage_todo, "proposed: to do")
        self.assertEqual(followup.origin, "arrears_case")
        self.assertEqual(followup.origin_case_id, self.case)
        self.assertEqual(followup.followup_type, "arrears")
        self.assertEqual(followup.user_id, self.cesf_user)
        self.assertIn("3", followup.with_user(self.cesf_user).note, "the failed attempts are in the context")
        self.assertEqual(followup.activity_ids.user_id, self.cesf_user)
        self.assertEqual(self.case.with_user(self.officer).cesf_followup_id, followup)
        # the flag going off and on again does not propose the household twice
        with freeze_time("2026-01-24 09:00:00"):
            self.env["housing.arrears.contact"].create(
                {"case_id": self.case.id, "channel": "phone", "outcome": "reached", "date": "2026-01-24 09:00:00"}
            )
        self.assertFalse(self.case.unreachable)
        for day in (25, 26, 27):
            self._fail(f"2026-01-{day} 09:00:00")
        self.assertTrue(self.case.unreachable)
        self.assertEqual(self.Followup.search_count([("partner_id", "=", self.tenant_apl.id)]), 1)

    def test_household_already_followed_is_not_proposed(self):
        followup = self.create_followup(partner_id=self.tenant_apl.id, lease_id=self.lease_apl.id)
        for day in (21, 22, 23):
            self._fail(f"2026-01-{day} 09:00:00")
        self.assertTrue(self.case.unreachable)
        self.assertEqual(self.Followup.search([("partner_id", "=", self.tenant_apl.id)]), followup)

    def test_closed_follow_up_does_not_prevent_a_new_one(self):
        followup = self.create_followup(partner_id=self.tenant_apl.id, lease_id=self.lease_apl.id)
        followup.with_user(self.cesf_user).write({"outcome": "stabilised", "stage_id": self.stage_closed.id})
        for day in (21, 22, 23):
            self._fail(f"2026-01-{day} 09:00:00")
        self.assertEqual(self.Followup.search_count([("partner_id", "=", self.tenant_apl.id)]), 2)

    def test_nightly_detection_proposes_in_one_batch(self):
        """60 days without a successful contact: the nightly action flags both tenants and proposes both
        households to the CESF."""
        with RecordCapturer(self.Followup, []) as capture:
            self.detect("2026-03-21")
        proposed = capture.records
        self.assertEqual(proposed.partner_id, self.tenant_apl | self.tenant_plain | self.tenant_other)
        self.assertEqual(set(proposed.mapped("origin")), {"arrears_case"})
        self.assertEqual(proposed.filtered(lambda f: f.sector_id == self.sector).user_id, self.cesf_user)
        # the next night changes nothing
        with RecordCapturer(self.Followup, []) as capture:
            self.detect("2026-03-22")
        self.assertFalse(capture.records)
