from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.housing_arrears.tests.common import HousingArrearsCommon
from odoo.addons.queue_job.job import Job


@tagged("post_install", "-at_install")
class TestJobQueue(HousingArrearsCommon):
    """With the job queue, the rent call and the detection are split into jobs per agency (two agencies here:
    lease_apl and lease_plain in one, lease_other in the other); the benefit payers are billed once the tenants
    are."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.housing_use_job_queue = True
        cls.Case = cls.env["housing.arrears.case"]

    def jobs(self, method):
        return self.env["queue.job"].sudo().search([("method_name", "=", method)])

    def perform_jobs(self):
        """Run the stored jobs as the job runner does (`queue_job` controller): each pending job performed, marked
        done, and the jobs that waited for it made pending; until none is left."""
        for _round in range(20):
            pending = self.env["queue.job"].sudo().search([("state", "=", "pending")], order="id")
            if not pending:
                break
            for record in pending:
                job = Job.load(self.env(su=True), record.uuid)
                job.set_started()
                job.perform()
                self.env.flush_all()
                job.set_done()
                job.store()
                self.env.flush_all()
                job.enqueue_waiting()
        self.assertFalse(self.env["queue.job"].sudo().search([("state", "!=", "done")]), "every job done")

    def test_rent_call_split_per_agency_then_payers(self):
        call = self.env["housing.rent.call"].create({"period_start": date(2026, 1, 1), "company_id": self.company.id})
        call.action_start()
        self.assertEqual(call.state, "running")
        self.assertEqual(len(self.jobs("_job_bill_leases")), 2, "one job per agency")
        payers = self.jobs("_job_bill_payers")
        self.assertEqual(payers.state, "wait_dependencies", "the payers once the tenants are billed")
        self.assertEqual(payers.channel, "root.housing.rent_call")
        self.assertFalse(call.invoice_ids, "nothing billed before the jobs run")
        call.action_start()
        self.assertEqual(len(self.jobs("_job_bill_leases")), 2, "not enqueued twice")
        self.perform_jobs()
        self.assertEqual(call.state, "done")
        notices = call.invoice_ids.filtered("lease_id")
        self.assertEqual(notices.lease_id, self.lease_apl | self.lease_plain | self.lease_other)
        payer = call.invoice_ids - notices
        self.assertEqual(payer.partner_id, self.caf)
        self.assertEqual(payer.amount_total, 200.0)
        # a job done twice (a retry) bills nothing twice, nor the payers
        call._job_bill_leases(self.lease_apl.ids)
        call._job_bill_payers()
        self.assertEqual(len(call.invoice_ids), 4)

    def test_lease_activated_late_gets_its_own_jobs(self):
        call = self.env["housing.rent.call"].create({"period_start": date(2026, 1, 1), "company_id": self.company.id})
        call.action_run()
        late = self._create_lease(self.unit_c, self.tenant_other, start=date(2026, 1, 10), rent_amount=400.0)
        with freeze_time("2026-01-11"):
            self.env["housing.rent.call"]._cron_run_rent_calls()
            self.assertEqual(len(self.jobs("_job_bill_leases")), 1)
            self.perform_jobs()
        self.assertEqual(call.invoice_ids.filtered(lambda move: move.lease_id == late).amount_total, 283.87)

    def test_detection_split_per_agency(self):
        self.run_rent_call(date(2026, 1, 1))
        with freeze_time("2026-01-20"):
            self.Case._cron_detect_arrears()
            self.assertEqual(len(self.jobs("_job_detect_leases")), 2)
            self.assertFalse(self.case_of(self.lease_apl))
            self.perform_jobs()
        self.assertEqual(self.case_of(self.lease_apl).debt_amount, 270.0)
        self.assertEqual(self.case_of(self.lease_other).debt_amount, 550.0)

    def test_without_the_setting_the_scheduled_action_does_the_work(self):
        self.company.housing_use_job_queue = False
        self.run_rent_call(date(2026, 1, 1))
        with freeze_time("2026-01-20"):
            self.Case._cron_detect_arrears()
        self.assertFalse(self.jobs("_job_detect_leases"))
        self.assertEqual(self.case_of(self.lease_plain).debt_amount, 680.0)
