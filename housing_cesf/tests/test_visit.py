from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import HousingCesfCommon


@tagged("post_install", "-at_install")
class TestHomeVisit(HousingCesfCommon):
    """A home visit is an event in the CESF's own agenda at the dwelling's address; once its date has passed, an
    activity asks the CESF for its outcome."""

    def _outcome_cron(self, when):
        with freeze_time(when):
            self.env.ref("housing_cesf.ir_cron_visit_outcome").sudo().method_direct_trigger()

    @freeze_time("2026-02-02 08:00:00")
    def test_visit_in_the_agenda_then_outcome(self):
        followup = self.create_followup()
        action = followup.action_plan_visit()
        with Form(self.env[action["res_model"]].with_user(self.cesf_user).with_context(**action["context"])) as form:
            form.date = datetime(2026, 2, 5, 14, 0)
            form.duration = 1.5
        visit = form.record
        self.assertEqual(visit.mode, "home_visit")
        self.assertEqual(visit.location, "12 rue des Portiques, 38090 Villefontaine")
        event = visit.event_id
        self.assertTrue(event)
        self.assertEqual(event.user_id, self.cesf_user)
        self.assertEqual(event.partner_ids, self.cesf_user.partner_id, "the CESF's own agenda, nobody invited")
        self.assertEqual(event.location, visit.location)
        self.assertEqual(event.privacy, "private")
        self.assertEqual(event.start, datetime(2026, 2, 5, 14, 0))
        self.assertEqual(event.stop, datetime(2026, 2, 5, 15, 30))
        self.assertIn(
            event, self.env["calendar.event"].with_user(self.cesf_user).search([("user_id", "=", self.cesf_user.id)])
        )
        # moved: the event follows
        visit.date = datetime(2026, 2, 6, 9, 0)
        self.assertEqual(event.start, datetime(2026, 2, 6, 9, 0))
        # before the date, nothing is asked
        self._outcome_cron("2026-02-06 08:00:00")
        self.assertFalse(visit.outcome_activity_id)
        # after it, the CESF is asked for the outcome, once
        self._outcome_cron("2026-02-06 18:00:00")
        activity = visit.outcome_activity_id
        self.assertTrue(activity)
        self.assertEqual(activity.user_id, self.cesf_user)
        self.assertEqual((activity.res_model, activity.res_id), (followup._name, followup.id))
        self._outcome_cron("2026-02-07 18:00:00")
        self.assertEqual(followup.activity_ids, activity)
        # the outcome closes the activity
        with freeze_time("2026-02-07 09:00:00"):
            visit.with_user(self.cesf_user).write({"report": "<p>Logement en bon état.</p>"})
            visit.with_user(self.cesf_user).action_done()
        self.assertEqual(visit.state, "done")
        self.assertFalse(activity.exists())
        self.assertFalse(followup.activity_ids)
        self.assertEqual(followup.visit_count, 1)
        self.assertTrue(event.exists(), "the visit that took place stays in the agenda")

    def test_cancelled_visit_leaves_the_agenda(self):
        followup = self.create_followup()
        visit = (
            self.env["housing.cesf.intervention"]
            .with_user(self.cesf_user)
            .create({"followup_id": followup.id, "mode": "home_visit", "date": datetime(2099, 3, 1, 10, 0)})
        )
        event = visit.event_id
        self.assertTrue(event)
        visit.action_cancel()
        self.assertFalse(event.exists())
        self.assertFalse(visit.event_id)
        # a phone call has no event
        call = (
            self.env["housing.cesf.intervention"]
            .with_user(self.cesf_user)
            .create({"followup_id": followup.id, "mode": "phone", "date": datetime(2026, 1, 2, 10, 0), "state": "done"})
        )
        self.assertFalse(call.event_id)
        self.assertEqual(followup.visit_count, 0)

    def test_address_of_an_applicant(self):
        applicant = self.env["res.partner"].create(
            {"name": "Samia Benali", "street": "3 place du Marché", "zip": "38300", "city": "Bourgoin-Jallieu"}
        )
        followup = self.create_followup(
            partner_id=applicant.id, lease_id=False, followup_type="transfer", origin="agency"
        )
        visit = (
            self.env["housing.cesf.intervention"]
            .with_user(self.cesf_user)
            .create({"followup_id": followup.id, "mode": "home_visit", "date": datetime(2099, 3, 1, 10, 0)})
        )
        self.assertIn("3 place du Marché", visit.location)
        self.assertIn("Bourgoin-Jallieu", visit.event_id.location)


@tagged("post_install", "-at_install")
class TestVisitOfAColleague(HousingCesfCommon):
    """An absent CESF's visits are reorganised by a CESF colleague of the agency or by a CESF manager: they
    reschedule and cancel them, the event follows in the agenda; the visits stay private to everybody else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.colleague = cls._create_user("cesf3", "Colette CESF", "housing_cesf.group_cesf", cls.agency)
        cls.followup = cls.Followup.with_user(cls.cesf_user).create(
            {
                "partner_id": cls.tenant_plain.id,
                "lease_id": cls.lease_plain.id,
                "followup_type": "hygiene",
                "origin": "agency",
            }
        )

    def _plan_visit(self):
        return (
            self.env["housing.cesf.intervention"]
            .with_user(self.cesf_user)
            .create({"followup_id": self.followup.id, "mode": "home_visit", "date": datetime(2099, 3, 2, 9, 0)})
        )

    def test_colleague_moves_then_cancels(self):
        visit = self._plan_visit()
        event = visit.event_id
        self.assertEqual((event.user_id, event.privacy), (self.cesf_user, "private"))
        # the colleague cannot touch the private event in the agenda...
        with self.assertRaises(AccessError):
            event.with_user(self.colleague).write({"start": datetime(2099, 3, 3, 9, 0)})
        # ... but moves the visit of the follow-up, and the event follows
        visit.with_user(self.colleague).write({"date": datetime(2099, 3, 4, 14, 0), "duration": 2.0})
        self.assertEqual((event.start, event.stop), (datetime(2099, 3, 4, 14, 0), datetime(2099, 3, 4, 16, 0)))
        self.assertEqual(event.user_id, self.cesf_user, "still in the agenda of the CESF of the visit")
        # she takes it over: it moves into her own agenda
        visit.with_user(self.colleague).user_id = self.colleague
        self.assertEqual(event.user_id, self.colleague)
        self.assertEqual(event.sudo().partner_ids, self.colleague.partner_id)
        # and the manager cancels it: the event leaves the agenda
        visit.with_user(self.cesf_manager).action_cancel()
        self.assertFalse(event.exists())

    def test_colleague_deletes_a_planned_visit(self):
        visit = self._plan_visit()
        event = visit.event_id
        visit.with_user(self.colleague).unlink()
        self.assertFalse(event.exists())

    def test_private_to_the_others(self):
        visit = self._plan_visit()
        event = visit.event_id
        # a CESF of another agency cannot move it
        with self.assertRaises(AccessError):
            visit.with_user(self.cesf_other).write({"date": datetime(2099, 3, 5, 9, 0)})
        # the arrears officer sees a busy slot, not whom nor where
        values = event.with_user(self.officer).read(["name", "location", "start"])[0]
        self.assertNotIn(self.tenant_plain.name, values["name"])
        self.assertFalse(values["location"])
        self.assertEqual(values["start"], datetime(2099, 3, 2, 9, 0))
        self.assertFalse(self.env["calendar.event"].with_user(self.officer).search([("name", "ilike", "Durand")]))
        self.assertEqual(
            self.env["calendar.event"].with_user(self.officer).search([("start", ">=", "2099-03-01")]), event
        )
