from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import HousingArrearsCommon


@tagged("post_install", "-at_install")
class TestDetectionQueries(HousingArrearsCommon):
    """The nightly detection runs in a number of queries that does not grow with the number of leases."""

    def _portfolio(self, size, prefix, benefit=False):
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
                    **({"benefit_amount": 100.0, "benefit_payer_id": self.caf.id} if benefit else {}),
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

    def _count_monitor_queries(self, on_date):
        Plan = self.env["housing.repayment.plan"]
        self.env.flush_all()
        self.env.invalidate_all()
        with freeze_time(on_date):
            before = self.cr.sql_log_count
            Plan.sudo()._cron_monitor_plans()
            self.env.flush_all()
            return self.cr.sql_log_count - before

    def _measure_branches(self, size):
        """Queries of the runs that change something, for `size` more leases (APL paid to the landlord, tenant share
        340): plans judged kept for half the tenants and broken for the others, arrears constituted for the benefit
        payer, then, once an over-indebtedness file is admitted for every case, the frozen debt split and the
        tenants flagged unreachable."""
        Case, Plan = self.env["housing.arrears.case"], self.env["housing.repayment.plan"]
        with self.env.cr.savepoint(flush=False) as savepoint:
            leases = self._portfolio(size, f"B{size}", benefit=True)
            self.run_rent_call(date(2026, 1, 1))
            self._count_queries("2026-01-20")
            cases = Case.search([("lease_id", "in", leases.ids)])
            with freeze_time("2026-01-25"):
                plans = Plan.create(
                    [
                        {
                            "case_id": case.id,
                            "debt_amount": 340.0,
                            "start_month": date(2026, 2, 1),
                            "instalment_count": 2,
                            "signature_date": date(2026, 1, 25),
                        }
                        for case in cases
                    ]
                )
                plans.action_sign()
            february = self.run_rent_call(date(2026, 2, 1))
            paying = leases[::2]
            for lease in paying:
                self.pay(self.tenant_invoice(february, lease), pay_date=date(2026, 2, 8))
            monitor = self._count_monitor_queries("2026-02-16")
            kept = plans.filtered(lambda plan: plan.line_ids[0].state == "paid")
            broken = plans.filtered(lambda plan: plan.state == "broken")
            refresh = self._count_queries("2026-02-20")
            constituted = cases.filtered("constituted_date")
            with freeze_time("2026-02-21"):
                self.env["housing.legal.step"].create(
                    [{"case_id": case.id, "step_type": "od_admission", "date": date(2026, 2, 21)} for case in cases]
                )
            self.run_rent_call(date(2026, 3, 1))
            frozen = self._count_queries("2026-03-25")
            figures = {
                "kept": len(kept),
                "broken": len(broken),
                "constituted": len(constituted),
                "frozen": len(cases.filtered("frozen_debt")),
                "unreachable": len(cases.filtered("unreachable")),
            }
            savepoint.rollback()
        return (monitor, refresh, frozen), figures

    def test_branches_that_change_something_do_not_grow(self):
        self._measure_branches(2)  # warm the registry caches
        small, small_figures = self._measure_branches(4)
        large, large_figures = self._measure_branches(16)
        self.assertEqual(small_figures, {"kept": 2, "broken": 2, "constituted": 2, "frozen": 4, "unreachable": 4})
        self.assertEqual(large_figures, {"kept": 8, "broken": 8, "constituted": 8, "frozen": 16, "unreachable": 16})
        self.assertEqual(small[0], large[0], "plans kept and broken")
        self.assertEqual(small[1], large[1], "arrears constituted")
        self.assertEqual(small[2], large[2], "frozen debt and unreachable tenants")

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
