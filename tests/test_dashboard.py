import json
import re
from collections import Counter
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import file_open

from odoo.addons.housing_insertion.tests.common import HousingInsertionCommon
from odoo.addons.housing_social.models.housing_dashboard_figure import FIGURES

TODAY = "2026-04-30"


@tagged("post_install", "-at_install")
class TestDashboard(HousingInsertionCommon, HttpCase):
    """The manager's dashboard on a small portfolio of the first four months of 2026. Each figure is compared with a
    count or a sum made here directly on the records (invoices, payments, write-offs, cases, plans, clauses), not with
    the computations the dashboard reuses.

    - Awa Diallo (tenant share 270) pays nothing until 25 March, then everything: her case opens and closes without
      a payment order;
    - Marc Durand (680) pays January only;
    - Inès Martin (550, the other agency) pays nothing and leaves on 28 February; 300 of her debt are written off;
    - two more tenants (440) pay nothing; each signs a plan, one kept, one broken.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager.lang = "fr_FR"
        cls.extra = cls._create_portfolio(2, "DSH")
        cls.env.flush_all()
        cls.notices = cls.env["account.move"]
        for period in (date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)):
            call = cls.env["housing.rent.call"].create({"period_start": period, "company_id": cls.company.id})
            call.action_run()
            cls.notices |= call.invoice_ids.filtered("lease_id")
        notices = {
            lease: cls.notices.filtered(lambda m, lease=lease: m.lease_id == lease).sorted("housing_period")
            for lease in cls.notices.lease_id
        }
        cls.payments = cls.env["account.payment"]
        cls.payments |= cls._pay(notices[cls.lease_plain][0], date(2026, 1, 20))
        cls.lease_other.write({"date_end": date(2026, 2, 28)})
        cls.lease_other.action_end()
        cls._detect("2026-03-20")
        cls.payments |= cls._pay(notices[cls.lease_apl], date(2026, 3, 25))
        cls._detect("2026-03-26")
        Case = cls.env["housing.arrears.case"]
        cls.case_apl = Case.search([("lease_id", "=", cls.lease_apl.id)])
        case_other = Case.search([("lease_id", "=", cls.lease_other.id)])
        with freeze_time("2026-04-10"):
            write_off = cls.env["housing.write.off"].create(
                {"case_id": case_other.id, "reason": "wiped_out", "amount": 300.0}
            )
            write_off.action_approve()
        cls.plans = cls.env["housing.repayment.plan"]
        for lease in cls.extra:
            case = Case.search([("lease_id", "=", lease.id)])
            with freeze_time("2026-03-21"):
                plan = cls.env["housing.repayment.plan"].create(
                    {
                        "case_id": case.id,
                        "kind": "amicable",
                        "debt_amount": case.debt_amount,
                        "start_month": date(2026, 5, 1),
                        "instalment_count": 4,
                        "signature_date": date(2026, 3, 21),
                    }
                )
                plan.action_sign()
            cls.plans |= plan
        cls.plans[0]._mark_kept(date(2026, 4, 20), "kept")
        cls.plans[1]._break(date(2026, 4, 15))
        # CESF follow-ups: two for arrears, one administrative, one closed
        cls.cesf_user.groups_id |= cls.env.ref("housing_cesf.group_cesf")
        Followup = cls.env["housing.cesf.followup"].with_user(cls.cesf_user)
        cls.followups = Followup.create(
            [
                {"partner_id": lease.partner_id.id, "lease_id": lease.id, "followup_type": kind, "origin": "tenant"}
                for lease, kind in (
                    (cls.lease_plain, "arrears"),
                    (cls.extra[0], "arrears"),
                    (cls.extra[1], "administrative"),
                    (cls.lease_apl, "transfer"),
                )
            ]
        )
        closing = cls.env["housing.cesf.stage"].search([("is_closed", "=", True)], limit=1)
        cls.followups[3].write({"stage_id": closing.id, "outcome": "stabilised"})
        # an insertion clause of the agency's residence: 600 hours due, 120 done
        cls.order.with_user(cls.buyer).housing_residence_id = cls.residence
        cls.clause = cls._create_clause(cls.order)
        cls.order.with_user(cls.buyer).button_confirm()
        hire = cls._create_hire(cls._create_candidate(cls.lease_plain), cls.clause)
        cls._declare(hire, date(2026, 2, 1), 120.0)
        cls.dashboard = cls.env.ref("housing_social.housing_dashboard")
        with freeze_time(TODAY):
            cls.dashboard.with_user(cls.manager).get_readonly_dashboard()

    @classmethod
    def _pay(cls, invoices, pay_date):
        return (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create({"payment_date": pay_date, "journal_id": cls.bank_journal.id, "group_payment": True})
            ._create_payments()
        )

    @classmethod
    def _detect(cls, on_date):
        with freeze_time(on_date):
            cls.env.ref("housing_arrears.ir_cron_detect_arrears").sudo().method_direct_trigger()

    def figures(self, agency=None):
        rows = (
            self.env["housing.dashboard.figure"]
            .with_user(self.manager)
            .search([("agency_id", "=", agency.id if agency else False)])
        )
        self.assertEqual(len(rows), len(FIGURES), "one row per figure")
        return {row.code: row.value for row in rows}

    def direct(self, leases=None):
        """The figures counted directly on the records, for the leases given (default: all of the company)."""
        notices = self.notices.filtered(lambda move: not leases or move.lease_id in leases)
        billed = sum(notices.mapped("amount_total"))
        received = sum(
            self.payments.filtered(lambda pay: not leases or pay.partner_id in leases.partner_id).mapped("amount")
        )
        arrears = sum(notices.mapped("amount_residual"))
        losses = sum(
            self.env["housing.write.off"]
            .search([("state", "=", "approved"), ("approval_date", ">=", date(2026, 1, 1))])
            .filtered(lambda w: not leases or w.lease_id in leases)
            .mapped("amount")
        )
        return billed, received, arrears, losses

    def test_ush_indicators(self):
        figures = self.figures()
        billed, received, arrears, losses = self.direct()
        # three months billed: 270 + 680 + 550 + 2 × 440
        self.assertAlmostEqual(billed, 3 * (270 + 680 + 550 + 2 * 440))
        self.assertAlmostEqual(figures["billed"], billed)
        self.assertAlmostEqual(figures["received"], received)
        self.assertAlmostEqual(figures["arrears"], arrears)
        self.assertAlmostEqual(figures["losses"], losses)
        self.assertEqual(losses, 300.0)
        self.assertAlmostEqual(figures["arrears_rate"], round(arrears / billed * 100, 2))
        self.assertAlmostEqual(figures["non_recovery_rate"], round((billed - received) / billed * 100, 2))
        self.assertAlmostEqual(figures["arrears_cost"], round(losses / billed * 100, 2))
        # by agency: the other agency has Inès Martin's lease only
        other = self.figures(self.agency_other)
        billed, received, arrears, losses = self.direct(self.lease_other)
        self.assertEqual((other["billed"], other["arrears"], other["losses"]), (billed, arrears, losses))
        self.assertEqual(other["debt_departed"], arrears)
        self.assertEqual(other["debt_present"], 0.0)

    def test_debt_present_departed_and_by_age(self):
        figures = self.figures()
        company = self.company
        present = departed = 0.0
        bands = [0.0] * 4
        for notice in self.notices:
            if notice.lease_id == self.lease_other:
                departed += notice.amount_residual
            else:
                present += notice.amount_residual
            days = (date(2026, 4, 30) - notice.invoice_date_due).days
            band = sum(
                days > limit
                for limit in (
                    company.housing_doubtful_days_low,
                    company.housing_doubtful_days_mid,
                    company.housing_doubtful_days_full,
                )
            )
            bands[band] += notice.amount_residual
        self.assertEqual(departed, 3 * 550 - 300.0)
        self.assertAlmostEqual(figures["debt_present"], present)
        self.assertAlmostEqual(figures["debt_departed"], departed)
        for band in range(4):
            self.assertAlmostEqual(figures[f"debt_band_{band + 1}"], bands[band], msg=f"band {band + 1}")
        self.assertTrue(bands[1], "January's rents are over 3 months old")

    def test_cases_plans_and_insertion(self):
        figures = self.figures()
        cases = self.env["housing.arrears.case"].search([("date_open", ">=", date(2026, 1, 1))])
        closed_without_order = cases.filtered(
            lambda case: (
                case.is_closed
                and case.closing_kind == "settled"
                and not case.step_ids.filtered(lambda step: step.step_type == "payment_order" and step.state == "done")
            )
        )
        self.assertEqual(len(cases), 5)
        self.assertEqual(closed_without_order, self.case_apl)
        self.assertEqual(figures["cases_opened"], len(cases))
        self.assertEqual(figures["cases_closed_without_order"], len(closed_without_order))
        self.assertAlmostEqual(figures["amicable_share"], round(len(closed_without_order) / len(cases) * 100, 2))
        Plan = self.env["housing.repayment.plan"]
        self.assertEqual(figures["plans_kept"], Plan.search_count([("state", "=", "kept")]))
        self.assertEqual(figures["plans_broken"], Plan.search_count([("state", "=", "broken")]))
        self.assertEqual((figures["plans_kept"], figures["plans_broken"]), (1, 1))
        clauses = self.env["housing.insertion.clause"].search([])
        hours = sum(self.env["housing.insertion.hours"].search([]).mapped("hours"))
        self.assertEqual(figures["insertion_hours_target"], sum(clauses.mapped("target_hours")))
        self.assertEqual(figures["insertion_hours_done"], hours)
        self.assertEqual(hours, 120.0)
        self.assertAlmostEqual(figures["insertion_completion"], round(hours / 600.0 * 100, 2))

    def test_spreadsheet_reads_the_figures(self):
        """The spreadsheet's pivots, read as the manager reads them, give the direct counts; every figure is on it."""
        data = json.loads(self.dashboard.spreadsheet_data)
        contents = " ".join(cell.get("content", "") for cell in data["sheets"][0]["cells"].values())
        self.assertEqual(
            set(re.findall(r'PIVOT\.VALUE\(1,"value","code","(\w+)"\)', contents)), {code for code, *_ in FIGURES}
        )
        self.assertEqual(self.dashboard.with_context(lang="fr_FR").name, "Logement social — Impayés et accompagnement")
        results = {}
        for pivot_id, pivot in data["pivots"].items():
            measures = [
                m["fieldName"] if m["fieldName"] == "__count" else f"{m['fieldName']}:sum" for m in pivot["measures"]
            ]
            groups = (
                self.env[pivot["model"]]
                .with_user(self.manager)
                ._read_group(pivot["domain"], [row["fieldName"] for row in pivot["rows"]], measures)
            )
            results[pivot_id] = {group[0]: group[1:] for group in groups}
        self.assertEqual({code: values[0] for code, values in results["1"].items()}, self.figures())
        open_cases = self.env["housing.arrears.case"].search([("is_closed", "=", False)])
        self.assertEqual({pole: values[0] for pole, values in results["2"].items()}, Counter(open_cases.mapped("pole")))
        self.assertEqual(
            {stage: values[0] for stage, values in results["3"].items()},
            Counter(case.stage_id for case in open_cases),
        )
        self.assertAlmostEqual(
            sum(values[1] for values in results["3"].values()), sum(open_cases.mapped("debt_amount"))
        )
        followups = self.env["housing.cesf.followup"].search([]).filtered(lambda followup: not followup.is_closed)
        self.assertEqual(
            {kind: values[0] for kind, values in results["4"].items()}, Counter(followups.mapped("followup_type"))
        )
        self.assertEqual(dict(Counter(followups.mapped("followup_type"))), {"arrears": 2, "administrative": 1})

    def test_who_sees_it(self):
        self.assertEqual(
            self.env["spreadsheet.dashboard"].with_user(self.manager).search([]) & self.dashboard, self.dashboard
        )
        self.assertFalse(self.env["spreadsheet.dashboard"].with_user(self.officer).search([]) & self.dashboard)
        with self.assertRaises(AccessError):
            self.env["housing.dashboard.figure"].with_user(self.officer).search([])
        action = self.env.ref("housing_social.action_housing_dashboard")
        self.assertEqual(
            (action.tag, action.params), ("action_spreadsheet_dashboard", {"dashboard_id": self.dashboard.id})
        )
        with file_open("housing_social/data/files/housing_dashboard.json") as f:
            self.assertEqual(json.load(f)["pivots"]["1"]["model"], "housing.dashboard.figure")

    def test_refresh_queries_do_not_grow_with_the_portfolio(self):
        """The refresh reads the ledgers, cases, plans and clauses in a number of queries that depends on the number
        of agencies, not of leases."""

        def queries():
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            with freeze_time(TODAY):
                self.env["housing.dashboard.figure"]._refresh(self.company)
                self.env.flush_all()
            return self.cr.sql_log_count - before

        queries()  # caches warm
        small = queries()
        self._create_portfolio(6, "DSQ")
        self.env["housing.rent.call"].create(
            {"period_start": date(2026, 4, 1), "company_id": self.company.id}
        ).action_run()
        self.assertEqual(queries(), small)

    def test_tour(self):
        """The manager opens the dashboard: the figures are drawn, in French, with no error."""
        self.start_tour(
            "/odoo/action-housing_social.action_housing_dashboard", "housing_dashboard_tour", login="manager"
        )
