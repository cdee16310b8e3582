from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import HousingArrearsCommon


@tagged("post_install", "-at_install")
class TestDetectionQueries(HousingArrearsCommon):
    """The nightly detection runs in a number of queries that does not grow with the number of leases."""

    def _portfolio(self, size, prefix):
        residence = self.env["housing.residence"].create(
            {"name": f"Résidence {prefix}", "agency_id": self.agency.id, "sector_id": self.sector.id}
        )
        units = self.env["housing.unit"].create(
            [{"name": f"{prefix}-{i}", "residence_id": residence.id, "typology": "T2"} for i in range(size)]
        )
        tenants = self.env["res.partner"].create([{"name": f"Locataire {prefix} {i}"} for i in range(size)])
        leases = self.env["housing.lease"].create(
            [
                {
                    "unit_id": unit.id,
                    "partner_id": tenant.id,
                    "date_start": date(2025, 12, 1),
                    "billing_mode": "advance",
                    "rent_amount": 400.0,
                    "charges_amount": 40.0,
                }
                for unit, tenant in zip(units, tenants)
            ]
        )
        leases.action_activate()
        return leases

    def _count_queries(self, on_date):
        Case = self.env["housing.arrears.case"]
        self.env.flush_all()
        self.env.invalidate_all()
        with freeze_time(on_date):
            before = self.cr.sql_log_count
            Case.sudo()._cron_detect_arrears()
            self.env.flush_all()
            return self.cr.sql_log_count - before

    def _measure(self, size):
        """Queries of a run that opens cases, then of a run that refreshes them, for `size` more leases."""
        with self.env.cr.savepoint(flush=False) as savepoint:
            self._portfolio(size, f"Q{size}")
            for period in (date(2026, 1, 1), date(2026, 2, 1)):
                self.run_rent_call(period)
            opening = self._count_queries("2026-01-20")
            refreshing = self._count_queries("2026-02-20")
            cases = self.env["housing.arrears.case"].search_count([("company_id", "=", self.company.id)])
            savepoint.rollback()
        return opening, refreshing, cases

    def test_queries_do_not_grow_with_leases(self):
        self._measure(2)  # warm the registry caches
        small = self._measure(5)
        large = self._measure(25)
        self.assertEqual(large[2] - small[2], 20, "every lease in arrears has its case")
        self.assertEqual(small[0], large[0], "opening the cases")
        self.assertEqual(small[1], large[1], "refreshing the cases")
