import base64
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import HousingCesfCommon

HEADER = ["name", "partner_id", "lease_id", "followup_type", "origin", "stage_id", "user_id", "date_open", "sector_id"]
CONTENT = ["note", "member_ids", "consent_date", "evaluation_ids", "aid_request_ids", "intervention_ids", "opinion"]


@tagged("post_install", "-at_install")
class TestAccessMatrix(HousingCesfCommon):
    """Who sees what: the follow-up exists for everybody who may see the household, its content only for the
    CESF group. Checked both ways from an arrears officer's, an accountant's and the CESFs' sessions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._open_cases()
        cls.followup = cls.Followup.with_user(cls.cesf_user).create(
            {
                "partner_id": cls.tenant_apl.id,
                "lease_id": cls.lease_apl.id,
                "followup_type": "arrears",
                "origin": "arrears_case",
                "origin_case_id": cls.case.id,
                "note": "<p>Séparation récente, dépression.</p>",
            }
        )
        as_cesf = cls.followup.with_user(cls.cesf_user)
        cls.evaluation = (
            cls.env["housing.budget.evaluation"].with_user(cls.cesf_user).create({"followup_id": cls.followup.id})
        )
        cls.visit = (
            cls.env["housing.cesf.intervention"]
            .with_user(cls.cesf_user)
            .create(
                {
                    "followup_id": cls.followup.id,
                    "mode": "phone",
                    "date": "2026-01-21 10:00:00",
                    "state": "done",
                    "report": "<p>Parle de ses dettes de jeu.</p>",
                }
            )
        )
        cls.aid = (
            cls.env["housing.aid.request"]
            .with_user(cls.cesf_user)
            .create(
                {
                    "followup_id": cls.followup.id,
                    "partner_id": cls.tenant_apl.id,
                    "lease_id": cls.lease_apl.id,
                    "case_id": cls.case.id,
                    "scheme": "fsl_maintenance",
                    "amount_requested": 270.0,
                    "state": "granted",
                    "date_submitted": date(2026, 1, 22),
                    "decision_date": date(2026, 2, 10),
                    "grant_amount": 270.0,
                    "note": "Dossier FSL : situation de santé",
                }
            )
        )
        # an aid request of the arrears officer, outside any follow-up
        cls.aid_officer = (
            cls.env["housing.aid.request"]
            .with_user(cls.officer)
            .create(
                {
                    "partner_id": cls.tenant_apl.id,
                    "case_id": cls.case.id,
                    "lease_id": cls.lease_apl.id,
                    "scheme": "benefit_payer",
                    "amount_requested": 100.0,
                }
            )
        )
        cls.message = as_cesf.message_post(body="Visite : logement encombré.", message_type="comment")
        cls.attachment = (
            cls.env["ir.attachment"]
            .with_user(cls.cesf_user)
            .create(
                {
                    "name": "bilan.pdf",
                    "res_model": "housing.cesf.followup",
                    "res_id": cls.followup.id,
                    "datas": base64.b64encode(b"%PDF confidential"),
                }
            )
        )

    def _assert_sees_the_record_not_the_content(self, user):
        followup = self.followup.with_user(user)
        self.env.invalidate_all()
        self.assertIn(followup, self.Followup.with_user(user).search([]))
        values = followup.read(HEADER)[0]
        self.assertEqual(values["stage_id"][0], self.stage_todo.id)
        self.assertEqual(values["user_id"][0], self.cesf_user.id)
        self.assertEqual(values["followup_type"], "arrears")
        for fname in CONTENT:
            with self.assertRaises(AccessError, msg=fname):
                followup.read([fname])
        # the views open for them, without any content field
        views = self.Followup.with_user(user).get_views([(False, "kanban"), (False, "list"), (False, "form")])
        fields = views["models"][self.Followup._name]["fields"]
        self.assertFalse(set(CONTENT) & set(fields))
        spec = {
            name: {"fields": {"display_name": {}}} if field["type"] == "many2one" else {}
            for name, field in fields.items()
        }
        self.env.invalidate_all()
        self.assertEqual(followup.web_read(spec)[0]["stage_id"]["id"], self.stage_todo.id)
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            followup.mapped("note")
        self.assertNotIn("note", followup.fields_get())
        with self.assertRaises(AccessError):
            self.Followup.with_user(user).search([("note", "ilike", "dépression")])
        # the content models
        for record in (self.evaluation, self.evaluation.line_ids[:1], self.visit, self.followup.member_ids[:1]):
            with self.assertRaises(AccessError, msg=record._name):
                record.with_user(user).read(["display_name"])
            with self.assertRaises(AccessError, msg=record._name):
                self.env[record._name].with_user(user).search([])
        with self.assertRaises(AccessError):
            self.env["housing.budget.evaluation"].with_user(user).create({"followup_id": self.followup.id})
        # no change to the follow-up
        with self.assertRaises(AccessError):
            followup.write({"stage_id": self.stage_contact.id})
        with self.assertRaises(AccessError):
            self.create_followup(user=user)
        # the messages and documents of the follow-up
        Message = self.env["mail.message"].with_user(user)
        self.assertFalse(Message.search([("model", "=", self.Followup._name), ("res_id", "=", self.followup.id)]))
        with self.assertRaises(AccessError):
            self.message.with_user(user).read(["body"])
        Attachment = self.env["ir.attachment"].with_user(user)
        self.assertFalse(Attachment.search([("res_model", "=", self.Followup._name)]))
        with self.assertRaises(AccessError):
            self.attachment.with_user(user).read(["datas"])
        with self.assertRaises(AccessError):
            followup.mapped("activity_ids")
        # an attachment of their own, on no record, stays theirs
        own = Attachment.create({"name": "note.txt", "raw": b"mine"})
        self.assertEqual(Attachment.search([("name", "=", "note.txt")]), own)

    def test_arrears_officer(self):
        self._assert_sees_the_record_not_the_content(self.officer)
        # the aid requests of the follow-up are not his; his own are
        Aid = self.env["housing.aid.request"].with_user(self.officer)
        self.assertEqual(Aid.search([("partner_id", "=", self.tenant_apl.id)]), self.aid_officer)
        with self.assertRaises(AccessError):
            self.aid.with_user(self.officer).read(["amount_granted", "note"])
        with self.assertRaises(AccessError):
            self.aid.with_user(self.officer).write({"note": "x"})
        # the case shows the granted FSL amount and the follow-up, not the request
        case = self.case.with_user(self.officer)
        self.env.invalidate_all()
        self.assertEqual(case.aid_granted_amount, 270.0)
        self.assertEqual(case.aid_request_ids, self.aid_officer)
        self.assertEqual(case.cesf_followup_id, self.followup)
        self.assertEqual(case.cesf_stage_id, self.stage_todo)
        # the officer of the other agency does not even see the follow-up
        self.assertFalse(self.Followup.with_user(self.officer_other).search([]))
        with self.assertRaises(AccessError):
            self.followup.with_user(self.officer_other).read(["stage_id"])

    def test_accountant(self):
        self._assert_sees_the_record_not_the_content(self.accountant)
        with self.assertRaises(AccessError):
            self.aid.with_user(self.accountant).read(["amount_granted"])

    def test_accountant_sees_the_follow_ups_of_his_agencies(self):
        """As the arrears officers: the follow-ups of the agencies set on his user, unless the company shows him
        those of every agency (setting)."""
        other = self.Followup.with_user(self.cesf_other).create(
            {
                "partner_id": self.tenant_other.id,
                "lease_id": self.lease_other.id,
                "followup_type": "hygiene",
                "origin": "agency",
            }
        )
        Followup = self.Followup.with_user(self.accountant)
        self.assertEqual(Followup.search([]), self.followup)
        with self.assertRaises(AccessError):
            other.with_user(self.accountant).read(["followup_type"])
        groups = Followup.read_group([], ["__count"], ["followup_type"])
        self.assertEqual([group["followup_type"] for group in groups], ["arrears"])
        self.company.housing_cesf_accountant_all_agencies = True
        self.env.invalidate_all()
        self.assertEqual(Followup.search([]), self.followup | other)
        self.assertEqual(other.with_user(self.accountant).read(["followup_type"])[0]["followup_type"], "hygiene")
        with self.assertRaises(AccessError):
            other.with_user(self.accountant).read(["note"])

    def test_cesf_reads_and_writes_the_content(self):
        followup = self.followup.with_user(self.cesf_user)
        self.env.invalidate_all()
        values = followup.read(HEADER + CONTENT)[0]
        self.assertIn("dépression", values["note"])
        self.assertEqual(values["evaluation_ids"], self.evaluation.ids)
        self.assertEqual(values["aid_request_ids"], self.aid.ids)
        self.assertEqual(followup.aid_granted_amount, 270.0)
        followup.write({"note": "<p>Suivi en cours.</p>", "stage_id": self.stage_contact.id})
        self.assertIn(
            self.message,
            self.env["mail.message"]
            .with_user(self.cesf_user)
            .search([("model", "=", self.Followup._name), ("res_id", "=", self.followup.id)]),
        )
        self.assertEqual(self.attachment.with_user(self.cesf_user).read(["name"])[0]["name"], "bilan.pdf")
        self.assertIn(
            self.attachment,
            self.env["ir.attachment"].with_user(self.cesf_user).search([("res_model", "=", self.Followup._name)]),
        )
        self.assertEqual(self.aid.with_user(self.cesf_user).note, "Dossier FSL : situation de santé")
        self.assertIn(self.visit, self.env["housing.cesf.intervention"].with_user(self.cesf_user).search([]))
        # but not the stages
        with self.assertRaises(AccessError):
            self.stage_support.with_user(self.cesf_user).requires_consent = False
        self.stage_support.with_user(self.cesf_manager).description = "Accompagnement"

    def test_cesf_of_another_agency(self):
        self.env.invalidate_all()
        self.assertFalse(self.Followup.with_user(self.cesf_other).search([]))
        with self.assertRaises(AccessError):
            self.followup.with_user(self.cesf_other).read(["stage_id"])
        with self.assertRaises(AccessError):
            self.evaluation.with_user(self.cesf_other).read(["effort_rate"])
        with self.assertRaises(AccessError):
            self.attachment.with_user(self.cesf_other).read(["datas"])
        # ... unless she is put in charge of it
        self.followup.user_id = self.cesf_other
        self.env.invalidate_all()
        self.assertEqual(self.Followup.with_user(self.cesf_other).search([]), self.followup)
        self.assertEqual(self.evaluation.with_user(self.cesf_other).read(["person_count"])[0]["person_count"], 1)

    def test_cesf_manager_sees_all_agencies(self):
        other = self.Followup.with_user(self.cesf_other).create(
            {
                "partner_id": self.tenant_other.id,
                "lease_id": self.lease_other.id,
                "followup_type": "hygiene",
                "origin": "agency",
            }
        )
        visible = self.Followup.with_user(self.cesf_manager).search([])
        self.assertIn(other, visible)
        self.assertIn(self.followup, visible)
        self.assertNotIn(other, self.Followup.with_user(self.cesf_user).search([]))
