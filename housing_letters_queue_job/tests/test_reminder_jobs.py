from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.housing_arrears.tests.common import HousingArrearsCommon
from odoo.addons.housing_arrears_queue_job.tests import test_job_queue


@tagged("post_install", "-at_install")
class TestReminderJobs(HousingArrearsCommon):
    """With the job queue, the reminder scenario of a night is split into jobs per agency (lease_apl and lease_plain
    in one, lease_other in the other): enqueued once a night, each reminder sent once, a job done again sends
    nothing twice."""

    jobs = test_job_queue.TestJobQueue.jobs
    perform_jobs = test_job_queue.TestJobQueue.perform_jobs

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.housing_use_job_queue = True
        cls.tenant_apl.email = "awa.diallo@example.com"
        cls.levels = cls.env["housing.reminder.level"].search([("company_id", "=", cls.company.id)])

    def reminders(self):
        return self.env["housing.arrears.contact"].search(
            [("case_id.company_id", "=", self.company.id), ("reminder_level_id", "!=", False)]
        )

    def test_reminders_split_per_agency(self):
        self.run_rent_call(date(2026, 1, 1))
        cron = self.env.ref("housing_letters.ir_cron_send_reminders").sudo()
        with freeze_time("2026-01-15"):
            cron.method_direct_trigger()
            jobs = self.jobs("_job_send_reminders")
            self.assertEqual(len(jobs), 2, "one job per agency")
            self.assertEqual(set(jobs.mapped("channel")), {"root.housing.reminders"})
            self.assertFalse(self.reminders(), "nothing sent before the jobs run")
            cron.method_direct_trigger()
            self.assertEqual(len(self.jobs("_job_send_reminders")), 2, "not enqueued twice the same night")
            self.perform_jobs()
            sent = self.reminders()
            self.assertEqual(sent.case_id.lease_id, self.lease_apl | self.lease_plain | self.lease_other)
            self.assertEqual(sent.reminder_level_id, self.levels[0], "the first level, on day 10")
            self.assertTrue(all(case.opened_by_reminders for case in sent.case_id))
            # a job done again (a retry whose first run was committed): nothing sent twice
            args = jobs[0].args
            self.env["housing.arrears.case"]._job_send_reminders(*args)
            self.assertEqual(self.reminders(), sent)
        # the next night has its own jobs, and sends nothing before the next level is due
        with freeze_time("2026-01-16"):
            cron.method_direct_trigger()
            self.assertEqual(len(self.jobs("_job_send_reminders")), 4)
            self.perform_jobs()
        self.assertEqual(self.reminders(), sent)

    def test_without_the_setting_the_scheduled_action_sends(self):
        self.company.housing_use_job_queue = False
        self.run_rent_call(date(2026, 1, 1))
        with freeze_time("2026-01-15"):
            self.env.ref("housing_letters.ir_cron_send_reminders").sudo().method_direct_trigger()
        self.assertFalse(self.jobs("_job_send_reminders"))
        self.assertEqual(self.reminders().case_id.lease_id, self.lease_apl | self.lease_plain | self.lease_other)
