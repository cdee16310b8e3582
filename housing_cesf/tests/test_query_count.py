from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import HousingCesfCommon


@tagged("post_install", "-at_install")
class TestQueryCount(HousingCesfCommon):
    """The scheduled actions and the case's follow-up fields run in a number of queries that does not grow with
    the number of follow-ups."""

    def _households(self, size, prefix):
        residence = self.env["housing.residence"].create(
            {"name": f"Résidence {prefix}", "agency_id": self.agency.id, "sector_id": self.sector.id}
        )
        units = self.env["housing.unit"].create(
            [{"name": f"{prefix}-{i}", "residence_id": residence.id, "typology": "T2"} for i in range(size)]
        )
        tenants = self.env["res.partner"].create([{"name": f"Locataire {prefix} {i}"} for i in range(size)])
        leases = self.env["housing.lease"].create(
            [
                {"unit_id": unit.id, "partner_id": tenant.id, "date_start": date(2025, 12, 1), "rent_amount": 400.0}
                for unit, tenant in zip(units, tenants)
            ]
        )
        leases.action_activate()
        return leases

    def _closed_followups(self, leases):
        followups = self.Followup.create(
            [
                {
                    "partner_id": lease.partner_id.id,
                    "lease_id": lease.id,
                    "followup_type": "arrears",
                    "origin": "tenant",
                    "note": "<p>Note</p>",
                }
                for lease in leases
            ]
        )
        self.env["housing.budget.evaluation"].create(
            [{"followup_id": f.id, "line_ids": self.budget_lines(wages=1000, rent=400)} for f in followups]
        )
        with freeze_time("2026-01-10 12:00:00"):
            self.env["housing.cesf.intervention"].create(
                [
                    {
                        "followup_id": f.id,
                        "mode": "home_visit",
                        "date": "2026-01-08 10:00:00",
                        "state": "done",
                        "report": "<p>R</p>",
                    }
                    for f in followups
                ]
            )
            for followup in followups:
                followup.message_post(body="Note", message_type="comment")
        with freeze_time("2026-02-01"):
            followups.write({"outcome": "plan", "stage_id": self.stage_closed.id})
        return followups

    def _count(self, func):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def _measure_anonymisation(self, size):
        with self.env.cr.savepoint(flush=False) as savepoint:
            followups = self._closed_followups(self._households(size, f"A{size}"))
            Followup = self.Followup.sudo()
            with freeze_time("2026-02-02"):
                count = self._count(Followup._cron_anonymise_closed)
            self.assertEqual(len(followups.filtered("anonymised_date")), size)
            savepoint.rollback()
        return count

    def _measure_visit_outcomes(self, size):
        with self.env.cr.savepoint(flush=False) as savepoint:
            leases = self._households(size, f"V{size}")
            followups = self.Followup.create(
                [{"partner_id": lease.partner_id.id, "lease_id": lease.id, "origin": "tenant"} for lease in leases]
            )
            visits = self.env["housing.cesf.intervention"].create(
                [{"followup_id": f.id, "mode": "home_visit", "date": "2026-02-05 10:00:00"} for f in followups]
            )
            Intervention = self.env["housing.cesf.intervention"].sudo()
            with freeze_time("2026-02-06"):
                count = self._count(Intervention._cron_request_visit_outcomes)
            self.assertEqual(len(visits.outcome_activity_id), size)
            savepoint.rollback()
        return count

    def _measure_case_fields(self, size):
        with self.env.cr.savepoint(flush=False) as savepoint:
            leases = self._households(size, f"C{size}")
            self.run_rent_call(date(2026, 1, 1))
            self.detect("2026-01-20")
            cases = self.env["housing.arrears.case"].search([("lease_id", "in", leases.ids)])
            self.Followup.create(
                [
                    {
                        "partner_id": c.partner_id.id,
                        "lease_id": c.lease_id.id,
                        "origin": "arrears_case",
                        "origin_case_id": c.id,
                    }
                    for c in cases
                ]
            )
            cases = cases.with_user(self.officer)

            def read():
                cases.read(["cesf_followup_id", "cesf_stage_id", "cesf_user_id", "cesf_followup_open"])

            count = self._count(read)
            savepoint.rollback()
        return count

    def _measure_proposals(self, size):
        with self.env.cr.savepoint(flush=False) as savepoint:
            leases = self._households(size, f"P{size}")
            cases = self.env["housing.arrears.case"].create([{"lease_id": lease.id} for lease in leases])
            count = self._count(cases._propose_to_cesf)
            self.assertEqual(self.Followup.search_count([("origin_case_id", "in", cases.ids)]), size)
            savepoint.rollback()
        return count

    def test_proposal_queries(self):
        """Proposing unreachable tenants creates the follow-ups (their references drawn in one query), activities
        and notes in one batch."""
        self._measure_proposals(2)
        small, large = self._measure_proposals(3), self._measure_proposals(12)
        self.assertEqual(large, small)

    def test_anonymisation_queries(self):
        self._measure_anonymisation(2)  # warm the caches
        self.assertEqual(self._measure_anonymisation(3), self._measure_anonymisation(12))

    def test_visit_outcome_queries(self):
        self._measure_visit_outcomes(2)
        self.assertEqual(self._measure_visit_outcomes(3), self._measure_visit_outcomes(12))

    def test_case_fields_queries(self):
        self._measure_case_fields(2)
        self.assertEqual(self._measure_case_fields(3), self._measure_case_fields(12))
