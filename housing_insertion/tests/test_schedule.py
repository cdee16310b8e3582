from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import HousingInsertionCommon


@tagged("post_install", "-at_install")
class TestBehindSchedule(HousingInsertionCommon):
    """Clause of 600 h over 2026; on 1 July (182 days of 365) 299 h are expected, 239 h at the 80 % threshold."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clause = cls._create_clause(cls.order, target_hours=600.0)
        cls.hire = cls._create_hire(cls._create_candidate(cls.lease_plain), cls.clause)
        cls.activity_type = cls.env.ref("housing_insertion.mail_activity_type_insertion_behind")

    def run_cron(self, on_date):
        with freeze_time(on_date):
            self.env.ref("housing_insertion.ir_cron_insertion_schedule").sudo().method_direct_trigger()

    def alerts(self, order=None):
        return (order or self.order).activity_ids.filtered(lambda a: a.activity_type_id == self.activity_type)

    def test_expected_hours_prorated(self):
        self.assertEqual(self.clause._get_expected_hours(date(2025, 12, 31)), 0.0, "before the period")
        self.assertAlmostEqual(self.clause._get_expected_hours(date(2026, 7, 1)), 600.0 * 182 / 365)
        self.assertEqual(self.clause._get_expected_hours(date(2027, 3, 1)), 600.0, "after the period: all of it")

    def test_alert_when_behind_and_only_once(self):
        self._declare(self.hire, date(2026, 2, 1), 100.0)
        self._declare(self.hire, date(2026, 3, 1), 100.0)
        with freeze_time("2026-07-01"):
            self.assertTrue(self.clause._is_behind_schedule(date(2026, 7, 1)))
        self.run_cron("2026-07-01")
        alert = self.alerts()
        self.assertEqual(len(alert), 1)
        self.assertEqual(alert.user_id, self.buyer, "the procurement officer of the order")
        self.assertIn("200", alert.note)
        self.assertEqual(self.clause.last_alert_date, date(2026, 7, 1))
        # idempotent: the same day, the next day while the activity is open
        self.run_cron("2026-07-01")
        self.run_cron("2026-07-02")
        self.assertEqual(len(self.alerts()), 1)
        # done: not again within a month, again after if still behind
        alert.action_done()
        self.run_cron("2026-07-20")
        self.assertFalse(self.alerts())
        self.run_cron("2026-08-05")
        self.assertEqual(len(self.alerts()), 1)

    def test_no_alert_on_schedule(self):
        self._declare(self.hire, date(2026, 2, 1), 120.0)
        self._declare(self.hire, date(2026, 3, 1), 120.0)
        self.run_cron("2026-07-01")  # 240 done >= 239.3
        self.assertFalse(self.alerts())
        # a stricter company threshold makes it late
        self.company.housing_insertion_alert_rate = 90.0
        self.run_cron("2026-07-02")
        self.assertEqual(len(self.alerts()), 1)

    def test_no_alert_before_the_period_or_once_closed(self):
        self.run_cron("2025-12-15")
        self.assertFalse(self.alerts())
        self.clause.action_close()
        self.run_cron("2026-07-01")
        self.assertFalse(self.alerts())

    def test_batches_retrigger(self):
        others = self.env["housing.insertion.clause"]
        for _i in range(2):
            others |= self._create_clause(self._create_order(self.supplier, 5000.0), target_hours=100.0)
        Clause = self.env["housing.insertion.clause"].sudo()
        cron = self.env.ref("housing_insertion.ir_cron_insertion_schedule")
        triggers = self.env["ir.cron.trigger"].sudo()
        before = triggers.search_count([("cron_id", "=", cron.id)])
        with freeze_time("2026-07-01"):
            Clause._cron_check_schedule(batch_size=2)
        self.assertEqual(triggers.search_count([("cron_id", "=", cron.id)]), before + 1, "a full batch re-triggers")
        self.assertEqual(len((self.clause | others).filtered("schedule_checked_date")), 2)
        with freeze_time("2026-07-01"):
            Clause._cron_check_schedule(batch_size=2)
        self.assertEqual(len((self.clause | others).filtered("schedule_checked_date")), 3)
        self.assertEqual(len(self.alerts()) + sum(len(self.alerts(order)) for order in others.order_id), 3)

    def test_queries_do_not_grow_with_clauses(self):
        def measure(size):
            with self.env.cr.savepoint(flush=False) as savepoint:
                for _i in range(size):
                    self._create_clause(self._create_order(self.supplier, 5000.0), target_hours=100.0)
                self.env.flush_all()
                self.env.invalidate_all()
                with freeze_time("2026-07-01"):
                    before = self.cr.sql_log_count
                    self.env["housing.insertion.clause"].sudo()._cron_check_schedule()
                    self.env.flush_all()
                    count = self.cr.sql_log_count - before
                alerted = self.env["mail.activity"].search_count([("activity_type_id", "=", self.activity_type.id)])
                savepoint.rollback()
            return count, alerted

        small, small_alerted = measure(3)
        large, large_alerted = measure(12)
        self.assertEqual((small_alerted, large_alerted), (4, 13), "every clause is behind")
        self.assertLessEqual(large, small + 2, f"{small} queries for 4 clauses, {large} for 13")
