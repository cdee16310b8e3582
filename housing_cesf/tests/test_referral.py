from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import HousingCesfCommon


@tagged("post_install", "-at_install")
class TestReferral(HousingCesfCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._open_cases()

    @freeze_time("2026-01-22 10:00:00")
    def test_refer_from_arrears_case(self):
        self.env["housing.arrears.contact"].with_user(self.officer).create(
            {"case_id": self.case.id, "channel": "phone", "outcome": "no_answer", "note": "Messagerie pleine"}
        )
        case = self.case.with_user(self.officer)
        self.assertFalse(case.cesf_followup_id)
        action = case.action_refer_to_cesf()
        followup = self.Followup.browse(action["res_id"])
        self.assertEqual(followup.partner_id, self.tenant_apl)
        self.assertEqual(followup.lease_id, self.lease_apl)
        self.assertEqual(followup.origin, "arrears_case")
        self.assertEqual(followup.origin_case_id, self.case)
        self.assertEqual(followup.followup_type, "arrears")
        self.assertEqual(followup.type_category, "arrears")
        self.assertEqual(followup.stage_id, self.stage_todo)
        self.assertEqual(followup.user_id, self.cesf_user, "the sector's prevention officer by default")
        self.assertEqual(followup.sector_id, self.sector)
        # the context of the case, for the CESF
        note = followup.with_user(self.cesf_user).note
        self.assertIn("270", note)
        self.assertIn("Messagerie pleine", note)
        self.assertIn(self.officer.name, note)
        members = followup.with_user(self.cesf_user).member_ids
        self.assertEqual(members.mapped("name"), [self.tenant_apl.name])
        activity = followup.activity_ids
        self.assertEqual(activity.user_id, self.cesf_user)
        self.assertIn(self.cesf_user.partner_id, followup.message_partner_ids)
        self.assertNotIn(self.officer.partner_id, followup.message_partner_ids)
        # the case shows the follow-up, its stage and its CESF to the officer
        self.env.invalidate_all()
        case = self.case.with_user(self.officer)
        self.assertEqual(case.cesf_followup_id, followup)
        self.assertEqual(case.cesf_stage_id, self.stage_todo)
        self.assertEqual(case.cesf_user_id, self.cesf_user)
        self.assertTrue(case.cesf_followup_open)
        self.assertEqual(case.cesf_followup_id.stage_id.name, self.stage_todo.name)
        with self.assertRaises(AccessError):
            case.cesf_followup_id.read(["note"])
        # the CESF sees the case's debt and stage
        mine = followup.with_user(self.cesf_user)
        self.assertEqual(mine.case_debt_amount, 270.0)
        self.assertEqual(mine.case_stage_id, self.case.stage_id)
        self.assertEqual(mine.case_user_id, self.case.user_id)
        # a second referral of the same household is refused
        with self.assertRaises(UserError):
            case.action_refer_to_cesf()
        self.assertEqual(self.Followup.search_count([("partner_id", "=", self.tenant_apl.id)]), 1)

    def test_reader_cannot_refer(self):
        with self.assertRaises(AccessError):
            self.case.with_user(self.reader).action_refer_to_cesf()
        self.assertFalse(self.Followup.search([("origin_case_id", "=", self.case.id)]))
