import base64
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import HousingCesfCommon


@tagged("post_install", "-at_install")
class TestRetention(HousingCesfCommon):
    """When a follow-up is closed, its content is anonymised after the retention delay (default: at closing),
    unless the household agreed to keep it; the figures survive."""

    def _full_followup(self, partner, lease, keep=False, followup_type="arrears"):
        followup = self.create_followup(
            partner_id=partner.id,
            lease_id=lease.id,
            followup_type=followup_type,
            origin="account_manager",
            note="<p>Violences conjugales signalées.</p>",
            consent_date=date(2026, 1, 5),
            consent_scope="followup",
            consent_keep_data=keep,
        )
        as_cesf = followup.with_user(self.cesf_user)
        self.set_members(followup, ["25_64", "under_14"])
        self.env["housing.budget.evaluation"].with_user(self.cesf_user).create(
            {"followup_id": followup.id, "line_ids": self.budget_lines(wages=1200, rent=500)}
        )
        with freeze_time("2026-01-10 08:00:00"):
            self.env["housing.cesf.intervention"].with_user(self.cesf_user).create(
                {
                    "followup_id": followup.id,
                    "mode": "home_visit",
                    "date": datetime(2026, 1, 8, 10, 0),
                    "state": "done",
                    "report": "<p>Logement insalubre.</p>",
                }
            )
        self.env["housing.aid.request"].with_user(self.cesf_user).create(
            {
                "followup_id": followup.id,
                "partner_id": partner.id,
                "scheme": "fsl_maintenance",
                "amount_requested": 500.0,
                "state": "granted",
                "date_submitted": date(2026, 1, 12),
                "decision_date": date(2026, 1, 30),
                "grant_amount": 300.0,
                "loan_amount": 200.0,
                "note": "Motif : maladie",
            }
        )
        as_cesf.message_post(body="Entretien : dettes multiples.", message_type="comment")
        self.env["ir.attachment"].with_user(self.cesf_user).create(
            {
                "name": "avis_imposition.pdf",
                "res_model": followup._name,
                "res_id": followup.id,
                "datas": base64.b64encode(b"%PDF"),
            }
        )
        as_cesf.activity_schedule("mail.mail_activity_data_todo", summary="Relancer la CAF", user_id=self.cesf_user.id)
        return followup

    def _close(self, followups, on="2026-02-01"):
        with freeze_time(on):
            followups.with_user(self.cesf_user).write({"outcome": "aid", "stage_id": self.stage_closed.id})

    def _run(self, when):
        with freeze_time(when):
            self.env.ref("housing_cesf.ir_cron_anonymise_closed").sudo().method_direct_trigger()

    def _figures(self):
        Followup = self.Followup.with_context(active_test=False)
        return {
            dimension: sorted(
                (str(value), count) for value, count in Followup._read_group([], [dimension], ["__count"])
            )
            for dimension in ("followup_type", "type_category", "origin", "sector_id", "user_id", "outcome")
        } | {
            "visits": self.env["housing.cesf.intervention"].search_count(
                [("mode", "=", "home_visit"), ("state", "=", "done")]
            ),
            "aid": self.env["housing.aid.request"]._read_group(
                [("followup_id", "!=", False), ("state", "=", "granted")], [], ["amount_granted:sum", "__count"]
            ),
        }

    def test_anonymisation_keeps_the_figures(self):
        closed = self._full_followup(self.tenant_apl, self.lease_apl)
        kept = self._full_followup(self.tenant_plain, self.lease_plain, keep=True, followup_type="hygiene")
        neighbour = self.env["res.partner"].create({"name": "Jean Voisin"})
        lease = self._create_lease(self.unit_c, neighbour, rent_amount=400.0)
        still_open = self._full_followup(neighbour, lease, followup_type="neighbour")
        self._close(closed | kept)
        figures = self._figures()
        visit = closed.intervention_ids
        event = visit.event_id
        self.assertTrue(event)
        self._run("2026-02-01 23:00:00")
        # the content is gone
        self.assertEqual(closed.anonymised_date, date(2026, 2, 1))
        self.assertFalse(closed.note)
        self.assertFalse(closed.member_ids)
        self.assertFalse(closed.evaluation_ids)
        self.assertFalse(self.env["housing.budget.line"].search([("evaluation_id.followup_id", "=", closed.id)]))
        self.assertFalse(closed.consent_scope)
        self.assertFalse(visit.report)
        self.assertFalse(event.exists())
        self.assertFalse(closed.aid_request_ids.note)
        self.assertFalse(closed.activity_ids)
        self.assertFalse(
            self.env["ir.attachment"].search([("res_model", "=", closed._name), ("res_id", "=", closed.id)])
        )
        bodies = closed.message_ids.mapped("body")
        self.assertEqual(len(bodies), 1, "only the anonymisation notice")
        self.assertNotIn("dettes", bodies[0])
        # what is counted stays
        self.assertEqual(self._figures(), figures)
        self.assertEqual(
            (closed.followup_type, closed.origin, closed.sector_id, closed.outcome),
            ("arrears", "account_manager", self.sector, "aid"),
        )
        self.assertEqual(closed.date_closed, date(2026, 2, 1))
        self.assertEqual(visit.mode, "home_visit")
        self.assertEqual(closed.aid_request_ids.amount_granted, 500.0)
        # the household that agreed, and the open follow-up, keep everything
        for followup in (kept, still_open):
            self.assertFalse(followup.anonymised_date)
            self.assertIn("Violences", followup.note)
            self.assertEqual(len(followup.member_ids), 2)
            self.assertTrue(followup.evaluation_ids.line_ids)
        # idempotent
        messages = closed.message_ids
        self._run("2026-02-02 23:00:00")
        self.assertEqual(closed.message_ids, messages)
        self.assertEqual(closed.anonymised_date, date(2026, 2, 1))
        self.assertEqual(self._figures(), figures)
        # an anonymised follow-up is not reopened
        with self.assertRaises(UserError):
            closed.with_user(self.cesf_user).stage_id = self.stage_support

    def test_retention_delay(self):
        self.company.housing_cesf_retention_days = 30
        followup = self._full_followup(self.tenant_apl, self.lease_apl)
        self._close(followup, on="2026-02-01")
        self._run("2026-03-02 23:00:00")
        self.assertFalse(followup.anonymised_date, "29 days after the closing")
        self.assertTrue(followup.member_ids)
        self._run("2026-03-03 23:00:00")
        self.assertEqual(followup.anonymised_date, date(2026, 3, 3))
        self.assertFalse(followup.member_ids)
