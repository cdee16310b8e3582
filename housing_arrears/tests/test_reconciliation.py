from datetime import date

from odoo.tests import tagged

from .common import HousingArrearsCommon


@tagged("post_install", "-at_install")
class TestBankMatching(HousingArrearsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.jan = cls.env["housing.rent.call"].create({"period_start": date(2026, 1, 1), "company_id": cls.company.id})
        cls.jan.action_run()
        cls.feb = cls.env["housing.rent.call"].create({"period_start": date(2026, 2, 1), "company_id": cls.company.id})
        cls.feb.action_run()

    def _statement_line(self, label, amount):
        return (
            self.env["account.bank.statement.line"]
            .with_context(_test_account_reconcile_oca=True)
            .create(
                {
                    "journal_id": self.bank_journal.id,
                    "date": date(2026, 2, 12),
                    "payment_ref": label,
                    "amount": amount,
                }
            )
        )

    def test_rule_exists_for_the_company(self):
        rule = self.env["account.reconcile.model"].search(
            [("company_id", "=", self.company.id), ("housing_rent_matching", "=", True)]
        )
        self.assertEqual(len(rule), 1)
        self.assertTrue(rule.auto_reconcile)

    def test_statement_line_matched_by_lease_reference(self):
        jan_invoice = self.tenant_invoice(self.jan, self.lease_apl)
        feb_invoice = self.tenant_invoice(self.feb, self.lease_apl)
        plain_invoices = self.tenant_invoice(self.jan, self.lease_plain) | self.tenant_invoice(
            self.feb, self.lease_plain
        )
        line = self._statement_line(f"VIR SEPA LOYER {self.lease_apl.name} DIALLO", 270.0)
        self.assertTrue(line.is_reconciled)
        self.assertEqual(jan_invoice.payment_state, "paid", "the oldest rent first")
        self.assertEqual(feb_invoice.amount_residual, 270.0)
        # a partial transfer is set against the next rent
        partial = self._statement_line(f"{self.lease_apl.name}", 100.0)
        self.assertTrue(partial.is_reconciled)
        self.assertEqual(feb_invoice.amount_residual, 170.0)
        self.assertEqual(feb_invoice.payment_state, "partial")
        # other leases are untouched
        self.assertEqual(set(plain_invoices.mapped("payment_state")), {"not_paid"})
        # and the arrears case sees the payment
        self.detect("2026-02-20")
        case = self.case_of(self.lease_apl)
        self.assertFalse(case, "170 overdue is below one month of share (270)")
        self.assertEqual(self.case_of(self.lease_plain).debt_amount, 1360.0)

    def test_unknown_reference_is_left_to_the_accountant(self):
        line = self._statement_line("VIR SEPA SANS REFERENCE", 270.0)
        self.assertFalse(line.is_reconciled)
