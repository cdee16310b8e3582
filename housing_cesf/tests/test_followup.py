from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import HousingCesfCommon


@tagged("post_install", "-at_install")
class TestFollowup(HousingCesfCommon):
    def test_defaults_and_household(self):
        followup = self.create_followup()
        self.assertTrue(followup.name.startswith("CESF/"))
        self.assertEqual(followup.stage_id, self.stage_todo)
        self.assertEqual(followup.unit_id, self.unit_b)
        self.assertEqual(followup.agency_id, self.agency)
        self.assertEqual(followup.sector_id, self.sector)
        self.assertEqual(followup.user_id, self.cesf_user)
        self.assertEqual(followup.type_category, "other")
        self.assertEqual(followup.member_ids.mapped("name"), [self.tenant_plain.name])
        self.assertEqual(followup.member_ids.relationship, "holder")

    def test_household_with_no_member(self):
        followup = self.create_followup()
        with self.assertRaises(ValidationError):
            followup.member_ids = [Command.clear()]
        self.assertEqual(len(followup.member_ids), 1, "nothing written")

    def test_support_needs_consent(self):
        followup = self.create_followup()
        with self.assertRaises(ValidationError):
            followup.stage_id = self.stage_support
        self.assertEqual(followup.stage_id, self.stage_todo, "nothing written")
        # the first assessment does not need it
        followup.stage_id = self.stage_assessment
        # through the form, the same
        with self.assertRaises(ValidationError), Form(followup.with_user(self.cesf_user)) as form:
            form.stage_id = self.stage_support
        followup.invalidate_recordset()
        self.assertEqual(followup.stage_id, self.stage_assessment)
        # a consent dated tomorrow is refused
        with self.assertRaises(ValidationError):
            followup.write({"consent_date": date.today() + timedelta(days=1), "consent_scope": "followup"})
        # scope without date, or date without scope, is not enough
        with self.assertRaises(ValidationError):
            followup.write({"consent_date": date.today(), "stage_id": self.stage_support.id})
        followup.write({"consent_date": date.today(), "consent_scope": "followup"})
        followup.stage_id = self.stage_support
        self.assertEqual(followup.stage_id, self.stage_support)
        # the consent cannot be withdrawn while the support goes on: move the follow-up back first
        with self.assertRaises(ValidationError):
            followup.consent_date = False
        # a follow-up created directly in support without consent is refused
        with self.assertRaises(ValidationError):
            self.create_followup(
                stage_id=self.stage_support.id, partner_id=self.tenant_apl.id, lease_id=self.lease_apl.id
            )
        self.assertFalse(self.Followup.search([("partner_id", "=", self.tenant_apl.id)]))

    def test_handover_and_closing(self):
        followup = self.create_followup(consent_date=date.today(), consent_scope="partners")
        with self.assertRaises(ValidationError):
            followup.stage_id = self.stage_handover
        mission_locale = self.env["res.partner"].create({"name": "Service social du Département", "is_company": True})
        followup.write(
            {
                "handover_partner_id": mission_locale.id,
                "handover_date": date.today(),
                "handover_reason": "Accompagnement global",
                "stage_id": self.stage_handover.id,
            }
        )
        self.assertFalse(followup.is_closed, "a handed-over follow-up stays visible as such")
        self.assertIn(followup, self.Followup.with_user(self.officer).search([("stage_id.is_handover", "=", True)]))
        with self.assertRaises(ValidationError):
            followup.stage_id = self.stage_closed
        self.assertFalse(followup.date_closed)
        with freeze_time("2026-04-30"):
            followup.write({"outcome": "handed_over", "stage_id": self.stage_closed.id})
        self.assertTrue(followup.is_closed)
        self.assertEqual(followup.date_closed, date(2026, 4, 30))
        followup.stage_id = self.stage_assessment
        self.assertFalse(followup.date_closed, "reopened")

    def test_origin_and_pre_allocation(self):
        with self.assertRaises(ValidationError):
            self.create_followup(origin="arrears_case")
        applicant = self.env["res.partner"].create({"name": "Samia Benali"})
        with self.assertRaises(ValidationError):
            self.create_followup(partner_id=applicant.id, lease_id=False, followup_type="pre_allocation")
        followup = self.create_followup(
            partner_id=applicant.id,
            lease_id=False,
            unit_id=self.unit_c.id,
            followup_type="pre_allocation",
            origin="pre_allocation",
        )
        self.assertEqual(followup.type_category, "pre_allocation")
        self.assertEqual(followup.sector_id, self.sector, "the sector of the proposed dwelling")
        self.assertEqual(followup.member_ids.name, "Samia Benali")
        with self.assertRaises(ValidationError):
            followup.opinion = "safeguards"
        with self.assertRaises(ValidationError):
            followup.opinion = "unfavourable"
        followup.write({"opinion": "unfavourable", "opinion_reasons": "Taux d'effort de 45 %."})
        followup.write(
            {
                "opinion": "safeguards",
                "safeguard_ids": [Command.link(self.env.ref("housing_cesf.safeguard_direct_debit").id)],
            }
        )
        # printing needs a budget evaluation
        with self.assertRaises(UserError):
            followup.action_print_opinion()

    def test_visit_without_a_date(self):
        followup = self.create_followup()
        Intervention = self.env["housing.cesf.intervention"].with_user(self.cesf_user)
        with self.assertRaises(ValidationError):
            Intervention.create({"followup_id": followup.id, "mode": "home_visit"})
        with self.assertRaises(ValidationError):
            Intervention.create({"followup_id": followup.id, "mode": "phone"})
        self.assertFalse(followup.intervention_ids)
        self.assertFalse(self.env["calendar.event"].search([("user_id", "=", self.cesf_user.id)]))
        # and a call dated tomorrow cannot be done yet
        with self.assertRaises(ValidationError):
            Intervention.create(
                {
                    "followup_id": followup.id,
                    "mode": "phone",
                    "state": "done",
                    "date": fields.Datetime.now() + timedelta(days=1),
                }
            )

    def test_deletion_is_guarded(self):
        followup = self.create_followup()
        followup.with_user(self.cesf_user).message_post(body="Premier contact", message_type="comment")
        with self.assertRaises(UserError):
            followup.unlink()
        followup.active = False
        self.assertFalse(followup.active)
