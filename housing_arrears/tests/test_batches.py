from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import HousingArrearsCommon


@tagged("post_install", "-at_install")
class TestBatchedJobs(HousingArrearsCommon):
    """The scheduled jobs run in small chunks, as Odoo's cron worker runs them under its time limit, and resume
    after a run killed in its middle: the result is the one of a single run in one transaction.

    Portfolio: the three leases of the fixture and 30 more (APL 100 paid by the CAF, tenant share 340)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portfolio = cls._create_portfolio(30, "BT", benefit=True)
        cls.all_leases = cls.lease_apl | cls.lease_plain | cls.lease_other | cls.portfolio

    def oracle(self, function):
        """What `function` gives when the job runs in one transaction, rolled back."""
        with self.env.cr.savepoint() as savepoint:
            result = function()
            savepoint.rollback()
        self.env.invalidate_all()
        return result

    def open_cases(self):
        cases = self.env["housing.arrears.case"].search(
            [("company_id", "=", self.company.id), ("is_closed", "=", False)]
        )
        return sorted((case.lease_id.id, case.debt_amount, case.stage_id.id) for case in cases)

    def test_rent_call_in_chunks_with_a_kill(self):
        """Chunks of 10 leases; the second run is killed: each lease is billed once, each benefit on one payer
        invoice, once all the tenants are billed."""
        Call = self.env["housing.rent.call"]
        call = Call.create({"period_start": date(2026, 1, 1), "company_id": self.company.id})
        call.state = "running"  # started by a user: `action_start`
        runs = self.run_like_odoo("housing_arrears.ir_cron_rent_call", kill={2})
        self.assertGreaterEqual(runs, 5, "33 leases in chunks of 10, a run lost, the payers")
        self.assertEqual(call.state, "done")
        notices = call.invoice_ids.filtered("lease_id")
        self.assertEqual(len(notices), 33)
        self.assertEqual(notices.lease_id, self.all_leases)
        payer = call.invoice_ids - notices
        self.assertEqual(len(payer), 1)
        self.assertEqual(len(payer.invoice_line_ids), 31, "lease_apl and the 30 leases of the portfolio, once each")
        self.assertEqual(payer.amount_total, 200.0 + 30 * 100.0)
        self.assertIn("34", call.message_ids[0].body, "33 notices and the payer invoice, told once")

    def test_round_share_of_the_limit(self):
        """Odoo runs a job up to 10 times in one round of the worker, and its limit counts the round: once the job's
        share of the round is spent (here by the first chunk of 10 leases, longer than the tiny budget), the other
        runs of the round do nothing and say that work remains; the next round goes on. Same result."""
        call = self.env["housing.rent.call"].create({"period_start": date(2026, 1, 1), "company_id": self.company.id})
        call.state = "running"
        billed = []

        def on_run(runs):
            call.invalidate_recordset(["invoice_ids"])
            billed.append(len(call.invoice_ids.filtered("lease_id")))

        runs = self.run_like_odoo("housing_arrears.ir_cron_rent_call", runs_per_round=10, on_run=on_run)
        self.assertEqual(billed[:10], [10] * 10, "one chunk in the first round, then nothing until the next round")
        self.assertEqual(billed[10:12], [20, 20], "the second round goes on")
        self.assertGreater(runs, 30, "four rounds for 33 leases and the payers")
        self.assertEqual(call.state, "done")
        self.assertEqual(call.invoice_ids.filtered("lease_id").lease_id, self.all_leases)
        self.assertEqual(len(call.invoice_ids), 34, "33 notices and one payer invoice")
        # the detection too: the first run of a round reads its chunk, the others of the round nothing
        cursor = self.env["housing.batch.cursor"]
        seen = []

        def on_detection(runs):
            seen.append(cursor.search([("job", "=", "arrears_detection")]).last_id)

        with freeze_time("2026-01-20"):
            self.run_like_odoo(
                "housing_arrears.ir_cron_detect_arrears", runs_per_round=5, on_run=on_detection, minimum=5
            )
        self.assertEqual(len(set(seen[:5])), 1, "the runs of the first round after the first do nothing")
        self.assertNotEqual(seen[5], seen[0], "the second round goes on")

    def test_catch_up_and_late_lease(self):
        """The server was down from the rent call day to the end of January: on 2 February the February call is
        run all the same; a lease activated on 10 February is billed by the next run of that call."""
        self.env["housing.rent.call"].create(
            {"period_start": date(2026, 1, 1), "company_id": self.company.id}
        ).action_run()
        with freeze_time("2026-02-02"):
            self.run_like_odoo("housing_arrears.ir_cron_rent_call")
        february = self.env["housing.rent.call"].search(
            [("company_id", "=", self.company.id), ("period_start", "=", date(2026, 2, 1))]
        )
        self.assertEqual(february.state, "done")
        self.assertEqual(len(february.invoice_ids.filtered("lease_id")), 33)
        late = self._create_lease(self.unit_c, self.tenant_other, start=date(2026, 2, 10), rent_amount=280.0)
        with freeze_time("2026-02-11"):
            self.run_like_odoo("housing_arrears.ir_cron_rent_call")
            self.run_like_odoo("housing_arrears.ir_cron_rent_call")
        late_notice = february.invoice_ids.filtered(lambda move: move.lease_id == late)
        self.assertEqual(late_notice.amount_total, 190.0, "19 days of 28")
        self.assertEqual(len(february.invoice_ids.filtered("lease_id")), 34)

    def test_detection_in_chunks_with_a_kill(self):
        for period in (date(2026, 1, 1), date(2026, 2, 1)):
            self.run_rent_call(period)
        # half the portfolio pays January
        january = self.env["account.move"].search([("housing_period", "=", date(2026, 1, 1))])
        for lease in self.portfolio[::2]:
            self.pay(january.filtered(lambda move, lease=lease: move.lease_id == lease), pay_date=date(2026, 1, 8))
        Case = self.env["housing.arrears.case"]
        with freeze_time("2026-02-20"):
            expected = self.oracle(lambda: (Case._cron_detect_arrears(), self.open_cases())[1])
            self.assertFalse(self.open_cases())
            runs = self.run_like_odoo("housing_arrears.ir_cron_detect_arrears", kill={2})
        self.assertGreaterEqual(runs, 4)
        self.assertEqual(len(expected), 33)
        self.assertEqual(self.open_cases(), expected)
        self.assertFalse(self.env["housing.batch.cursor"].search([("job", "=", "arrears_detection")]).company_id)

    def test_plan_monitor_in_chunks(self):
        self.run_rent_call(date(2026, 1, 1))
        self.detect("2026-01-20")
        cases = self.env["housing.arrears.case"].search([("lease_id", "in", self.portfolio.ids)])
        with freeze_time("2026-01-25"):
            plans = self.env["housing.repayment.plan"].create(
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
        for lease in self.portfolio[::3]:
            self.pay(self.tenant_invoice(february, lease), pay_date=date(2026, 2, 8))
        Plan = self.env["housing.repayment.plan"]
        with freeze_time("2026-02-16"):
            expected = self.oracle(lambda: (Plan._cron_monitor_plans(), sorted(plans.mapped("state")))[1])
            runs = self.run_like_odoo("housing_arrears.ir_cron_monitor_plans", kill={1})
        self.assertGreaterEqual(runs, 3)
        self.assertEqual(sorted(plans.mapped("state")), expected)
        self.assertEqual(expected.count("active"), 10, "a third paid: kept so far")
        self.assertEqual(expected.count("broken"), 20)
