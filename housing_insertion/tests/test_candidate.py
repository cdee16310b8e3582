from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import HousingInsertionCommon


@tagged("post_install", "-at_install")
class TestConsentAndReferral(HousingInsertionCommon):
    def test_no_candidate_without_consent(self):
        Candidate = self.env["housing.insertion.candidate"]
        for missing in ({"consent_date": False}, {"consent_scope": False}):
            with self.assertRaises(ValidationError) as error:
                self._create_candidate(self.lease_plain, send=False, **missing)
            self.assertIn("sans son consentement", str(error.exception))
        self.assertFalse(Candidate.search([("partner_id", "=", self.tenant_plain.id)]), "nothing written")
        with self.assertRaises(ValidationError):
            self._create_candidate(self.lease_plain, send=False, consent_date=date(2099, 1, 1))
        candidate = self._create_candidate(self.lease_plain, send=False)
        with self.assertRaises(ValidationError):
            candidate.consent_date = False
        self.assertEqual(candidate.consent_date, date(2026, 1, 10))

    def test_referral_goes_to_the_facilitator(self):
        candidate = self._create_candidate(self.lease_plain, send=False, facilitator_id=False)
        self.assertEqual(candidate.state, "referred")
        self.assertEqual(candidate.company_id, self.company)
        self.assertEqual(candidate.agency_id, self.agency)
        with self.assertRaises(UserError):
            candidate.action_send_to_facilitator()
        # never straight to a contractor
        with self.assertRaises(ValidationError) as error:
            candidate.facilitator_id = self.supplier
        self.assertIn("jamais directement à une entreprise", str(error.exception))
        with self.assertRaises(ValidationError):
            candidate.facilitator_id = self.structure
        candidate.facilitator_id = self.facilitator
        with freeze_time("2026-01-12"):
            candidate.action_send_to_facilitator()
        self.assertEqual(candidate.state, "sent")
        self.assertEqual(candidate.date_sent, date(2026, 1, 12), "when")
        self.assertEqual(candidate.facilitator_id, self.facilitator, "to whom")
        self.assertIn(self.facilitator.name, candidate.message_ids[0].body)
        with self.assertRaises(UserError):
            candidate.action_send_to_facilitator()
        candidate.action_mark_proposed()
        self.assertEqual(candidate.state, "proposed")

    def test_hire_only_after_the_facilitator(self):
        clause = self._create_clause(self.order)
        candidate = self._create_candidate(self.lease_plain, send=False)
        Hire = self.env["housing.insertion.hire"]
        with self.assertRaises(UserError):
            self._create_hire(candidate, clause)
        self.assertFalse(Hire.search([("candidate_id", "=", candidate.id)]))
        candidate.action_withdraw()
        with self.assertRaises(UserError):
            self._create_hire(candidate, clause)
        candidate.action_reset()
        candidate.action_send_to_facilitator()
        hire = self._create_hire(candidate, clause)
        self.assertEqual(candidate.state, "hired")
        self.assertEqual(candidate.hire_count, 1)
        with self.assertRaises(UserError):
            candidate.action_withdraw()
        hire.action_end()
        self.assertEqual(candidate.state, "ended")
        self.assertEqual(hire.state, "ended")
        self.assertEqual(hire.date_end, date(2026, 11, 30), "the end date given is kept")

    def test_person_proposed_by_the_facilitator(self):
        """Not a tenant: proposed by the facilitator, consent still recorded, hired directly."""
        person = self.env["res.partner"].create({"name": "Karim Benali"})
        candidate = self.env["housing.insertion.candidate"].create(
            {
                "partner_id": person.id,
                "referrer_kind": "facilitator",
                "consent_date": date(2026, 2, 1),
                "consent_scope": "facilitator_employers",
                "eligibility_category": "under_26",
                "facilitator_id": self.facilitator.id,
            }
        )
        self.assertEqual(candidate.state, "proposed")
        self.assertFalse(candidate.lease_id)
        hire = self._create_hire(candidate, self._create_clause(self.order))
        self.assertEqual(candidate.state, "hired")
        self.assertFalse(hire.agency_id)


@tagged("post_install", "-at_install")
class TestEligibility(HousingInsertionCommon):
    def test_pass_iae_valid_24_months(self):
        candidate = self._create_candidate(
            self.lease_plain, send=False, pass_iae_date=date(2025, 3, 15), eligibility_proof=b"JVBERi0xLjQK"
        )
        self.assertEqual(candidate.pass_iae_expiry, date(2027, 3, 14))
        with freeze_time("2027-03-14"):
            candidate.invalidate_recordset(["pass_iae_expired", "eligibility_warning"])
            self.assertFalse(candidate.pass_iae_expired)
        with freeze_time("2027-03-15"):
            candidate.invalidate_recordset(["pass_iae_expired", "eligibility_warning"])
            self.assertTrue(candidate.pass_iae_expired)
            self.assertIn("Le PASS IAE a expiré le 14/03/2027", candidate.eligibility_warning)
        with self.assertRaises(ValidationError):
            candidate.pass_iae_expiry = date(2025, 1, 1)

    def test_eligibility_warnings(self):
        candidate = self._create_candidate(self.lease_plain, send=False, eligibility_category=False)
        self.assertIn("Catégorie d'éligibilité manquante", candidate.eligibility_warning)
        candidate.eligibility_category = "prescriber_opinion"
        self.assertIn("Justificatif d'éligibilité manquant", candidate.eligibility_warning)
        candidate.write({"eligibility_proof": b"JVBERi0xLjQK", "eligibility_proof_name": "attestation.pdf"})
        self.assertIn("prescripteur", candidate.eligibility_warning)
        candidate.prescriber_id = self.env["res.partner"].create({"name": "France Travail Villefontaine"})
        self.assertFalse(candidate.eligibility_warning)
        # hired by an insertion structure (SIAE), the person needs a PASS IAE
        candidate.action_send_to_facilitator()
        hire = self._create_hire(candidate, self._create_clause(self.order))
        self.assertIn("PASS IAE", hire.eligibility_warning)
        candidate.pass_iae_date = date(2026, 1, 20)
        hire.invalidate_recordset(["eligibility_warning"])
        self.assertFalse(hire.eligibility_warning)

    def test_form_requires_consent(self):
        form = Form(self.env["housing.insertion.candidate"])
        form.partner_id = self.tenant_plain
        form.lease_id = self.lease_plain
        with self.assertRaises(AssertionError):
            form.save()
