import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import HousingArrearsCommon


@tagged("post_install", "-at_install")
class TestDepartedAndWriteOff(HousingArrearsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # set by the French chart of accounts
        cls.loss_account = cls.company.housing_write_off_account_id
        cls.deposit_account = cls.company.housing_deposit_account_id
        for period in (date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)):
            cls.env["housing.rent.call"].create({"period_start": period, "company_id": cls.company.id}).action_run()
        with freeze_time("2026-03-20"):
            cls.env.ref("housing_arrears.ir_cron_detect_arrears").sudo().method_direct_trigger()
        cls.case = cls.env["housing.arrears.case"].search([("lease_id", "=", cls.lease_plain.id)])  # 2040 owed

    def test_accounts_found(self):
        self.assertEqual(self.loss_account.code, "654100")
        self.assertEqual(self.deposit_account.code, "165100")

    def test_deposit_set_against_the_debt_at_departure(self):
        self.lease_plain.write({"deposit_amount": 600.0, "date_end": date(2026, 3, 15)})
        with self.assertRaises(UserError):
            self.lease_plain.action_apply_deposit()
        self.lease_plain.action_end()
        with freeze_time("2026-03-20"):
            self.lease_plain.action_apply_deposit()
        move = self.lease_plain.deposit_move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.line_ids.filtered(lambda line: line.account_id == self.deposit_account).debit, 600.0)
        jan = self.env["account.move"].search(
            [("lease_id", "=", self.lease_plain.id), ("housing_period", "=", date(2026, 1, 1))]
        )
        self.assertEqual(jan.amount_residual, 80.0, "the oldest rent first")
        with self.assertRaises(UserError):
            self.lease_plain.action_apply_deposit()
        self.detect("2026-03-21")
        self.assertEqual(self.case.debt_amount, 1440.0)
        self.assertTrue(self.case.tenant_departed)

    def test_limitation_alert(self):
        self.assertEqual(self.case.limitation_date, date(2029, 1, 5))
        self.detect("2028-10-06")
        limitation = self.env.ref("housing_arrears.mail_activity_type_limitation")
        self.assertFalse(self.case.activity_ids.filtered(lambda a: a.activity_type_id == limitation))
        self.detect("2028-10-07")
        self.assertEqual(len(self.case.activity_ids.filtered(lambda a: a.activity_type_id == limitation)), 1)
        self.detect("2028-10-08")
        self.assertEqual(len(self.case.activity_ids.filtered(lambda a: a.activity_type_id == limitation)), 1)

    def test_write_off_approved_by_a_manager_books_the_loss(self):
        request = (
            self.env["housing.write.off"]
            .with_user(self.officer)
            .create({"case_id": self.case.id, "reason": "certificate", "note": "PV de carence"})
        )
        with self.assertRaises(AccessError):
            request.with_user(self.officer).action_approve()
        self.assertEqual(request.state, "requested")
        with self.assertRaises(ValidationError):
            self.env["housing.write.off"].create({"case_id": self.case.id, "reason": "death"})
        with freeze_time("2026-03-25"):
            request.with_user(self.manager).action_approve()
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.amount, 2040.0)
        self.assertEqual(request.approved_by_id, self.manager)
        move = request.move_id
        self.assertEqual(move.state, "posted")
        loss = move.line_ids.filtered(lambda line: line.account_id == self.loss_account)
        self.assertEqual(loss.debit, 2040.0)
        invoices = self.env["account.move"].search([("lease_id", "=", self.lease_plain.id)])
        self.assertEqual(set(invoices.mapped("payment_state")), {"paid"}, "the receivable is cleared")
        self.assertTrue(self.case.is_closed)
        self.assertEqual(self.case.closing_kind, "written_off")
        self.assertFalse(self.case.settled_amicably)
        with self.assertRaises(UserError):
            request.unlink()

    def test_write_off_refused(self):
        request = self.env["housing.write.off"].create({"case_id": self.case.id, "reason": "limitation"})
        with self.assertRaises(AccessError):
            request.with_user(self.officer).action_refuse()
        request.with_user(self.manager).action_refuse()
        self.assertEqual(request.state, "refused")
        self.assertFalse(self.case.is_closed)

    def test_over_indebtedness_freezes_the_debt_before_admission(self):
        Step = self.env["housing.legal.step"]
        with freeze_time("2026-03-20"):
            Step.create({"case_id": self.case.id, "step_type": "od_admission", "date": date(2026, 3, 1)})
        self.assertEqual(self.case.od_admission_date, date(2026, 3, 1))
        self.assertEqual(self.case.frozen_debt, 1360.0, "January and February")
        self.assertEqual(self.case.current_debt, 680.0, "March rent, due since the admission")
        # March paid: only frozen debt left, no enforcement on it
        self.pay(
            self.tenant_invoice(
                self.env["housing.rent.call"].search(
                    [("period_start", "=", date(2026, 3, 1)), ("company_id", "=", self.company.id)]
                ),
                self.lease_plain,
            ),
            pay_date=date(2026, 3, 21),
        )
        with freeze_time("2026-03-22"), self.assertRaisesRegex(ValidationError, "gelée"):
            Step.create({"case_id": self.case.id, "step_type": "payment_order", "date": date(2026, 3, 22)})
        self.detect("2026-03-22")
        self.assertEqual(self.case.frozen_debt, 1360.0)
        self.assertEqual(self.case.current_debt, 0.0)
        # the commission's measures become the plan
        with freeze_time("2026-03-22"):
            plan = self.env["housing.repayment.plan"].create(
                {
                    "case_id": self.case.id,
                    "kind": "over_indebtedness",
                    "debt_amount": 1360.0,
                    "start_month": date(2026, 4, 1),
                    "instalment_count": 24,
                    "signature_date": date(2026, 3, 22),
                }
            )
            plan.action_sign()
        self.assertEqual(len(plan.line_ids), 24)
        # a debt wiped out goes to a write-off request
        with freeze_time("2026-03-23"):
            Step.create(
                {
                    "case_id": self.case.id,
                    "step_type": "od_wipeout",
                    "date": date(2026, 3, 23),
                    "wipeout_amount": 1360.0,
                }
            )
        self.assertEqual(self.case.write_off_ids.reason, "wiped_out")
        self.assertEqual(self.case.write_off_ids.amount, 1360.0)

    def test_doubtful_debts_report(self):
        self.lease_plain.write({"date_end": date(2026, 3, 15)})
        self.lease_plain.action_end()
        wizard = self.env["housing.doubtful.debt.report"].create({"date": date(2026, 6, 30)})
        rows = {row["lease"]: row for row in wizard._get_rows()}
        departed = rows[self.lease_plain.name]
        self.assertTrue(departed["departed"])
        self.assertEqual(departed["rate"], 100.0)
        self.assertEqual(departed["provision"], 2040.0)
        present = rows[self.lease_apl.name]  # 5 January, February and March: 176, 145 and 117 days at 30 June
        self.assertEqual(present["age_days"], 176)
        self.assertEqual(present["bands"], [0.0, 810.0, 0.0, 0.0])
        self.assertEqual(present["rate"], 25.0)
        self.assertEqual(present["provision"], 202.5)
        self.assertEqual(
            [wizard._band(self.company, days) for days in (90, 91, 180, 181, 365, 366)], [0, 1, 1, 2, 2, 3]
        )
        content, _format = (
            self.env["ir.actions.report"]
            .with_context(lang="fr_FR")
            ._render_xlsx("housing_arrears.action_report_doubtful_debt_xlsx", wizard.ids, {})
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        self.assertEqual(sheet.cell(3, 1).value, "Bail")
        self.assertEqual(sheet.max_row, 3 + len(rows) + 1)
