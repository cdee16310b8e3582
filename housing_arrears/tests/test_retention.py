import base64
from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import HousingArrearsCommon


@tagged("post_install", "-at_install")
class TestRetention(HousingArrearsCommon):
    """CNIL délibération 2014-123: the content of a closed case is purged at the amicable settlement, otherwise
    when the claim is time-barred (3 years), or, after a judgment, when its enforcement is (10 years) and the tenant
    has left; the figures stay. In batches of the scheduled action, idempotent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.call = cls.run_rent_call(cls, date(2026, 1, 1))
        cls.detect(cls, "2026-01-20")
        cls.case = cls.case_of(cls, cls.lease_apl)
        cls.case_plain = cls.case_of(cls, cls.lease_plain)
        cls.case_other = cls.case_of(cls, cls.lease_other)
        cls.bailiff = cls.env["res.partner"].create({"name": "Maître Girard, commissaire de justice"})
        for case in cls.case | cls.case_plain | cls.case_other:
            cls._fill(case)

    @classmethod
    def _fill(cls, case):
        """What an officer records on a case: a note, contact attempts with notes, a message, a document."""
        case.note = "<p>Le locataire évoque une séparation.</p>"
        with freeze_time("2026-01-21 10:00:00"):
            cls.env["housing.arrears.contact"].create(
                {
                    "case_id": case.id,
                    "date": datetime(2026, 1, 21, 9, 0),
                    "channel": "phone",
                    "outcome": "reached",
                    "note": "Promet de payer, perte d'emploi.",
                }
            )
        case.message_post(body="Appel : difficultés familiales.", message_type="comment")
        cls.env["ir.attachment"].create(
            {
                "name": "courrier.pdf",
                "res_model": case._name,
                "res_id": case.id,
                "datas": base64.b64encode(b"%PDF courrier"),
            }
        )

    def _purge(self, on_date, limit=200):
        with freeze_time(on_date):
            return self.env["housing.arrears.case"]._cron_purge_retention(limit=limit)

    def _pay_and_close(self, case, on_date):
        self.pay(self.tenant_invoice(self.call, case.lease_id), pay_date=on_date)
        self.detect(on_date)
        self.assertTrue(case.is_closed)

    def _assert_purged(self, case):
        self.assertTrue(case.purged_date)
        self.assertFalse(case.note)
        self.assertFalse(case.contact_ids.note)
        messages = self.env["mail.message"].search([("model", "=", case._name), ("res_id", "=", case.id)])
        self.assertEqual(len(messages), 1, "only the note of the purge")
        self.assertIn("purg", messages.body.lower())
        self.assertFalse(self.env["ir.attachment"].search([("res_model", "=", case._name), ("res_id", "=", case.id)]))
        self.assertFalse(case.activity_ids)
        # the figures stay
        self.assertEqual(case.stage_id.closing_kind, "settled")
        self.assertTrue(case.date_open and case.date_closed)
        self.assertEqual((case.contact_ids.channel, case.contact_ids.outcome), ("phone", "reached"))

    def _assert_kept(self, case):
        self.assertFalse(case.purged_date)
        self.assertTrue(case.note)
        self.assertTrue(case.contact_ids.note)

    def test_amicable_settlement(self):
        self._pay_and_close(self.case, date(2026, 2, 3))
        self.assertTrue(self.case.settled_amicably)
        purged = self._purge("2026-02-04")
        self.assertEqual(purged, self.case)
        self._assert_purged(self.case)
        self._assert_kept(self.case_plain)
        # idempotent
        self.assertFalse(self._purge("2026-02-05"))
        self.assertEqual(len(self.case.message_ids), 1)

    def test_amicable_delay_is_a_setting(self):
        self.company.housing_retention_amicable_days = 30
        self._pay_and_close(self.case, date(2026, 2, 3))
        self.assertFalse(self._purge("2026-03-04"))
        self._assert_kept(self.case)
        self.assertEqual(self._purge("2026-03-05"), self.case)

    def test_settled_after_a_payment_order_kept_until_the_limitation(self):
        with freeze_time("2026-01-25"):
            self.env["housing.legal.step"].create(
                {
                    "case_id": self.case_plain.id,
                    "step_type": "payment_order",
                    "date": date(2026, 1, 25),
                    "bailiff_id": self.bailiff.id,
                    "note": "Signifié à personne.",
                }
            )
        step = self.case_plain.step_ids
        self.env["ir.attachment"].create(
            {"name": "acte.pdf", "raw": b"%PDF", "res_model": step._name, "res_id": step.id}
        )
        step.attachment_ids = self.env["ir.attachment"].create({"name": "commandement.pdf", "raw": b"%PDF"})
        self._pay_and_close(self.case_plain, date(2026, 3, 2))
        self.assertFalse(self.case_plain.settled_amicably)
        self.assertFalse(self._purge("2029-03-01"))
        self._assert_kept(self.case_plain)
        self.assertEqual(self._purge("2029-03-02"), self.case_plain)
        self._assert_purged(self.case_plain)
        self.assertEqual((step.step_type, step.date, step.state), ("payment_order", date(2026, 1, 25), "done"))
        self.assertFalse(step.note)
        self.assertFalse(step.attachment_ids)
        self.assertFalse(self.env["ir.attachment"].search([("res_model", "=", step._name), ("res_id", "=", step.id)]))

    def test_judgment_kept_ten_years_and_while_the_tenant_stays(self):
        case = self.case_plain

        def step(step_type, day, **vals):
            with freeze_time(day):
                return self.env["housing.legal.step"].create(
                    {"case_id": case.id, "step_type": step_type, "date": day, **vals}
                )

        step("ccapex_referral", date(2025, 12, 1), channel="deemed")
        step("payment_order", date(2026, 1, 21), bailiff_id=self.bailiff.id)
        step("summons", date(2026, 3, 20), hearing_date=date(2026, 5, 4), bailiff_id=self.bailiff.id)
        step("hearing", date(2026, 5, 4))
        step("judgment", date(2026, 5, 18), judgment_outcome="payment_delays", delay_months=24, note="Délais accordés.")
        self._pay_and_close(case, date(2026, 6, 2))
        # three years later the claim would be time-barred, but a judgment was given: 10 years
        self.assertFalse(self._purge("2029-06-03"))
        self.assertFalse(self._purge("2036-05-19"), "the tenant still lives there")
        self._assert_kept(case)
        self.lease_plain.date_end = date(2036, 6, 30)
        self.lease_plain.action_end()
        self.assertFalse(self._purge("2036-05-17"), "ten years after the judgment only")
        self.assertEqual(self._purge("2036-07-01"), case)
        self._assert_purged(case)
        judgment = case.step_ids.filtered(lambda s: s.step_type == "judgment")
        self.assertEqual((judgment.judgment_outcome, judgment.delay_months), ("payment_delays", 24))
        self.assertFalse(judgment.note)

    def test_batches_resume_where_they_stopped(self):
        self._pay_and_close(self.case, date(2026, 2, 3))
        self.pay(self.tenant_invoice(self.call, self.lease_other), pay_date=date(2026, 2, 3))
        self.detect(date(2026, 2, 3))
        self.assertTrue(self.case_other.is_closed)
        cron = self.env.ref("housing_arrears.ir_cron_purge_retention")
        progress = self.env["ir.cron.progress"].sudo().create({"cron_id": cron.id, "remaining": 0, "done": 0})
        Case = self.env["housing.arrears.case"].with_context(ir_cron_progress_id=progress.id)
        with freeze_time("2026-02-04"):
            first = Case._cron_purge_retention(limit=1)
            self.assertEqual((progress.done, progress.remaining), (1, 1))
            second = Case._cron_purge_retention(limit=1)
            self.assertEqual((progress.done, progress.remaining), (1, 0))
            self.assertFalse(Case._cron_purge_retention(limit=1))
        self.assertEqual(first | second, self.case | self.case_other)
        for case in first | second:
            self._assert_purged(case)

    def test_open_cases_keep_their_content(self):
        self.assertFalse(self._purge("2036-01-01"))
        self._assert_kept(self.case)
