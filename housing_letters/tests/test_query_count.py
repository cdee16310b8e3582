from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.housing_arrears.tests.common import HousingArrearsCommon


@tagged("post_install", "-at_install")
class TestReminderQueries(HousingArrearsCommon):
    """The queries of a reminder night, for more leases in arrears: the first level (the e-mails rendered in one batch,
    each with its letter) and the second (a letter, an officer's task and the CESF alert, in batch). Not flat: each
    letter reads its tenant's unpaid notices, and under the test runner Odoo renders each letter on its own (as
    HTML; in production one PDF rendering makes the letters of the batch). What a night costs per lease in arrears
    is bounded: an e-mail, a task or a message per case (12 queries a case for the first level when each e-mail
    was rendered and created on its own) fails it."""

    def _measure(self, size):
        Case = self.env["housing.arrears.case"].sudo()
        with self.env.cr.savepoint(flush=False) as savepoint:
            leases = self._create_portfolio(size, f"R{size}")
            for lease in leases:
                lease.partner_id.email = f"locataire.{lease.id}@example.com"
            self.run_rent_call(date(2026, 1, 1))
            counts = []
            for day in ("2026-01-15", "2026-01-30"):
                with freeze_time(day):
                    Case._cron_detect_arrears()
                    self.env.flush_all()
                    self.env.invalidate_all()
                    before = self.cr.sql_log_count
                    Case._cron_send_reminders()
                    self.env.flush_all()
                    counts.append(self.cr.sql_log_count - before)
            sent = self.env["housing.arrears.contact"].search_count(
                [("case_id.lease_id", "in", leases.ids), ("reminder_level_id", "!=", False)]
            )
            savepoint.rollback()
        return counts, sent

    def test_reminder_queries(self):
        self._measure(2)  # warm the registry caches
        small, small_sent = self._measure(3)
        large, large_sent = self._measure(12)
        self.assertEqual((small_sent, large_sent), (6, 24), "two levels for each lease")
        # measured: 7 and 5 queries per more lease in arrears (106 to 169, 85 to 130 for 9 more)
        self.assertLessEqual((large[0] - small[0]) / 9, 8, "first level: e-mails with their letters")
        self.assertLessEqual((large[1] - small[1]) / 9, 6, "second level: letters, tasks and CESF alerts")
