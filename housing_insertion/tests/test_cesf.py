from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import HousingInsertionCommon


@tagged("post_install", "-at_install")
class TestReferralFromTheFollowup(HousingInsertionCommon):
    """The CESF refers a member of the household she follows: the consent first, then only the minimum data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cesf_user.groups_id |= cls.env.ref("housing_cesf.group_cesf")
        cls.cesf_other = cls._create_user("cesf_other", "Other CESF", "housing_cesf.group_cesf", cls.agency_other)
        cls.followup = (
            cls.env["housing.cesf.followup"]
            .with_user(cls.cesf_user)
            .create(
                {
                    "partner_id": cls.tenant_plain.id,
                    "lease_id": cls.lease_plain.id,
                    "followup_type": "administrative",
                    "origin": "tenant",
                    "note": "<p>Situation budgétaire confidentielle.</p>",
                }
            )
        )
        cls.painting = cls.env.ref("housing_insertion.trade_painting")

    def refer_form(self, user=None):
        action = self.followup.with_user(user or self.cesf_user).action_refer_for_employment()
        self.assertEqual(action["res_model"], "housing.cesf.followup.refer")
        return Form(self.env[action["res_model"]].with_user(user or self.cesf_user).with_context(**action["context"]))

    def test_no_referral_without_consent(self):
        form = self.refer_form()
        self.assertEqual(form.partner_id, self.tenant_plain)
        with self.assertRaises(AssertionError):
            form.save()  # consent date and scope are required in the form
        wizard = (
            self.env["housing.cesf.followup.refer"]
            .with_user(self.cesf_user)
            .create({"followup_id": self.followup.id, "partner_id": self.tenant_plain.id})
        )
        with self.assertRaises(UserError) as error:
            wizard.action_refer()
        self.assertIn("consentement", str(error.exception))
        self.assertFalse(self.env["housing.insertion.candidate"].search([("cesf_followup_id", "=", self.followup.id)]))

    def test_referral_with_the_minimum_data(self):
        form = self.refer_form()
        form.consent_date = date(2026, 3, 2)
        form.consent_scope = "facilitator"
        form.eligibility_category = "minimum_income"
        form.trade_ids.add(self.painting)
        form.facilitator_id = self.facilitator
        action = form.save().action_refer()
        candidate = self.env["housing.insertion.candidate"].browse(action["res_id"])
        self.assertRecordValues(
            candidate,
            [
                {
                    "partner_id": self.tenant_plain.id,
                    "lease_id": self.lease_plain.id,
                    "cesf_followup_id": self.followup.id,
                    "referrer_kind": "cesf",
                    "referrer_user_id": self.cesf_user.id,
                    "consent_date": date(2026, 3, 2),
                    "consent_scope": "facilitator",
                    "eligibility_category": "minimum_income",
                    "facilitator_id": self.facilitator.id,
                    "state": "referred",
                }
            ],
        )
        self.assertEqual(candidate.trade_ids, self.painting)
        self.assertFalse(candidate.note, "nothing of the follow-up's notes")
        self.assertEqual(self.followup.insertion_candidate_count, 1)
        self.assertIn("consentement", self.followup.message_ids[0].body)
        # the CESF sends it to the facilitator herself, and sees the hire
        candidate.with_user(self.cesf_user).action_send_to_facilitator()
        hire = self._create_hire(candidate, self._create_clause(self.order))
        self.assertEqual(hire.with_user(self.cesf_user).contract_kind, "cddi")
        self.assertEqual(
            self.followup.with_user(self.cesf_user).action_view_insertion_candidates()["domain"],
            [("cesf_followup_id", "=", self.followup.id)],
        )
        # not twice while the referral runs
        form = self.refer_form()
        form.consent_date = date(2026, 3, 2)
        form.consent_scope = "facilitator"
        with self.assertRaises(UserError):
            form.save().action_refer()

    def test_rights_of_the_cesf(self):
        mine = self._create_candidate(self.lease_plain)
        other = self._create_candidate(self.lease_other)
        Candidate = self.env["housing.insertion.candidate"]
        self.assertEqual(Candidate.with_user(self.cesf_user).search([]), mine, "own agency")
        self.assertEqual(Candidate.with_user(self.cesf_other).search([]), other)
        with self.assertRaises(AccessError):
            other.with_user(self.cesf_user).read(["eligibility_category"])
        with self.assertRaises(AccessError):
            mine.with_user(self.cesf_user).unlink()
        # no clause, no hours: that is purchasing
        with self.assertRaises(AccessError):
            self.env["housing.insertion.clause"].with_user(self.cesf_user).search([])
        with self.assertRaises(AccessError):
            self.env["housing.insertion.hours"].with_user(self.cesf_user).search([])
        # an arrears officer may not refer from a follow-up, nor read the candidate
        with self.assertRaises(AccessError):
            self.env["housing.cesf.followup.refer"].with_user(self.officer).create(
                {
                    "followup_id": self.followup.id,
                    "partner_id": self.tenant_plain.id,
                    "consent_date": date(2026, 3, 2),
                    "consent_scope": "facilitator",
                }
            )
        with self.assertRaises(AccessError):
            mine.with_user(self.officer).read(["name"])

    def test_insertion_officer_who_is_also_cesf_sees_everything(self):
        self._create_candidate(self.lease_other)
        self.insertion_officer.groups_id |= self.env.ref("housing_cesf.group_cesf")
        self.assertEqual(self.env["housing.insertion.candidate"].with_user(self.insertion_officer).search_count([]), 1)

    def test_candidate_constraint_still_applies(self):
        wizard = (
            self.env["housing.cesf.followup.refer"]
            .with_user(self.cesf_user)
            .create(
                {
                    "followup_id": self.followup.id,
                    "partner_id": self.tenant_plain.id,
                    "consent_date": date(2099, 1, 1),
                    "consent_scope": "facilitator",
                }
            )
        )
        with self.assertRaises(ValidationError):
            wizard.action_refer()
