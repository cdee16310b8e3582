from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import HousingCollectionCommon


@tagged("post_install", "-at_install")
class TestDebitReturns(HousingCollectionCommon):
    """A rejected direct debit, from a return file (pain.002) or a bank statement line (CAMT.053, CFONB 120):
    the notice is open again, the arrears case opens that night with the reason, the fee is billed when the
    settings say so, the tenant gets an e-mail; two returns in a row end the direct debit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mandate_apl = cls._create_mandate(cls.lease_apl, cls.iban_apl, 5)
        cls.mandate_plain = cls._create_mandate(cls.lease_plain, cls.iban_plain, 5)
        cls.jan, cls.jan_order = cls._debit_month(date(2026, 1, 1), "2025-12-26", "2025-12-29")
        cls.inv_apl = cls.jan.invoice_ids.filtered(lambda move: move.lease_id == cls.lease_apl)
        cls.inv_plain = cls.jan.invoice_ids.filtered(lambda move: move.lease_id == cls.lease_plain)
        cls.debit_apl = cls.jan_order.payment_ids.filtered(lambda payment: payment.partner_id == cls.tenant_apl)
        cls.am04 = cls.env["payment.return.reason"].search([("code", "=", "AM04")])

    @classmethod
    def _debit_month(cls, month, call_day, upload_day):
        with freeze_time(call_day):
            call = cls.env["housing.rent.call"].create({"period_start": month, "company_id": cls.company.id})
            call.action_run()
        with freeze_time(upload_day):
            order = cls.env["account.payment.order"]._housing_prepare_debit_orders(cls.company, month)
            order._housing_confirm_and_generate()
            order.generated2uploaded()
        return call, order

    def _return_file(self, *rejects, day=date(2026, 1, 7)):
        with freeze_time(day):
            returns = self.import_returns(self.pain002(list(rejects), day=day))
            self.assertEqual(len(returns), 1)
            self.assertEqual(returns.line_ids.move_line_ids.move_id.origin_payment_id, rejects[0][0])
            returns.action_confirm()
        return returns

    def test_return_file_opens_the_case_that_night(self):
        self.assertIn(self.inv_apl.payment_state, ("in_payment", "paid"))
        returns = self._return_file((self.debit_apl, "AM04"))
        self.assertEqual(returns.state, "done")
        line = returns.line_ids
        self.assertEqual(line.reason_id, self.am04)
        self.assertEqual(line.housing_lease_id, self.lease_apl)
        # the notice is open again
        self.assertEqual(self.inv_apl.amount_residual, 270.0)
        self.assertIn(self.inv_plain.payment_state, ("in_payment", "paid"), "the other debit stands")
        # the lease knows, the tenant is told
        self.assertTrue(self.lease_apl.housing_return_pending)
        self.assertEqual(self.lease_apl.housing_last_return_reason_id, self.am04)
        self.assertEqual(self.lease_apl.housing_last_return_amount, 270.0)
        message = self.lease_apl.message_ids.filtered(lambda msg: self.lease_apl.name in (msg.subject or ""))
        self.assertEqual(len(message), 1)
        self.assertIn(self.tenant_apl, message.partner_ids)
        self.assertIn("270", str(message.body))
        self.assertFalse(line.housing_fee_invoice_id, "no fee unless the settings say so")
        self.assertTrue(self.lease_apl.housing_mandate_id, "one return does not end the direct debit")
        # that night: a case, although 270 overdue for 2 days is far from the usual threshold and grace days
        self.assertFalse(self.case_of(self.lease_apl))
        self.detect("2026-01-07 23:00:00")
        case = self.case_of(self.lease_apl)
        self.assertTrue(case)
        self.assertTrue(case.housing_opened_on_return)
        self.assertEqual(case.housing_return_reason_id, self.am04)
        self.assertEqual(case.debt_amount, 270.0)
        self.assertIn("AM04", " ".join(case.message_ids.mapped("body")))
        self.assertFalse(self.lease_apl.housing_return_pending)
        self.assertFalse(self.case_of(self.lease_plain))
        # the next night changes nothing
        self.detect("2026-01-08 23:00:00")
        self.assertEqual(self.case_of(self.lease_apl), case)

    def test_rejected_before_the_due_date(self):
        """Rejected before the notice is due: the case opens the night the notice is due, not before."""
        self._return_file((self.debit_apl, "MS02"), day=date(2026, 1, 3))
        self.detect("2026-01-03 23:00:00")
        self.assertFalse(self.case_of(self.lease_apl))
        self.assertTrue(self.lease_apl.housing_return_pending)
        self.detect("2026-01-05 23:00:00")
        case = self.case_of(self.lease_apl)
        self.assertTrue(case.housing_opened_on_return)
        self.assertEqual(case.housing_return_reason_id.code, "MS02")

    def test_paid_again_before_the_night(self):
        self._return_file((self.debit_apl, "AM04"))
        self.pay(self.inv_apl, pay_date=date(2026, 1, 7))
        self.detect("2026-01-07 23:00:00")
        self.assertFalse(self.case_of(self.lease_apl))
        self.assertFalse(self.lease_apl.housing_return_pending)

    def test_fee_billed_when_the_settings_say_so(self):
        self.company.write({"housing_return_fee_billed": True, "housing_return_fee_amount": 7.5})
        returns = self._return_file((self.debit_apl, "AM04"))
        fee = returns.line_ids.housing_fee_invoice_id
        self.assertEqual(fee.state, "posted")
        self.assertEqual(fee.amount_total, 7.5)
        self.assertEqual(fee.lease_id, self.lease_apl)
        self.assertEqual(fee.partner_id, self.tenant_apl)
        self.assertEqual(self.lease_apl.housing_last_return_fee, 7.5)
        message = self.lease_apl.message_ids.filtered(lambda msg: self.lease_apl.name in (msg.subject or ""))
        self.assertIn("7,50", str(message.body))

    def test_return_updates_the_open_case(self):
        case = self.env["housing.arrears.case"].create({"lease_id": self.lease_apl.id})
        self._return_file((self.debit_apl, "MD06"))
        self.assertEqual(case.housing_return_reason_id.code, "MD06")
        self.assertFalse(self.lease_apl.housing_return_pending, "the open case already follows it")
        self.assertIn("MD06", " ".join(case.message_ids.mapped("body")))

    def test_two_returns_in_a_row_end_the_direct_debit(self):
        self._return_file((self.debit_apl, "AM04"))
        self.assertTrue(self.mandate_apl.state == "valid")
        feb, feb_order = self._debit_month(date(2026, 2, 1), "2026-01-26", "2026-01-29")
        inv_feb = feb.invoice_ids.filtered(lambda move: move.lease_id == self.lease_apl)
        self.assertIn(inv_feb, feb_order.payment_line_ids.move_line_id.move_id, "the mandate still debits February")
        debit_feb = feb_order.payment_ids.filtered(lambda payment: payment.partner_id == self.tenant_apl)
        # the February debit comes back on the bank statement (CAMT.053 with the return reason)
        data = self.camt053(
            [
                {
                    "amount": -270.0,
                    "label": "RETOUR PRLV SEPA LOYER",
                    "name": "DIALLO AWA",
                    "end_to_end": str(debit_feb.id),
                    "return_code": "AM04",
                    "return_info": "PROVISION INSUFFISANTE",
                }
            ],
            day=date(2026, 2, 9),
        )
        with freeze_time("2026-02-09"):
            line = self.import_statement(data, "releve.xml").line_ids
        self.assertTrue(line.is_reconciled)
        self.assertEqual(line.housing_match_rule, "debit_return")
        self.assertEqual(line.housing_payment_return_id.line_ids.reason_id, self.am04)
        self.assertEqual(inv_feb.amount_residual, 270.0)
        # two in a row: the direct debit of the lease ends, the officer is told
        self.assertEqual(self.mandate_apl.state, "cancel")
        self.assertTrue(self.lease_apl.housing_debit_stopped)
        self.assertEqual(self.lease_apl.housing_debit_stop_reason, "returns")
        activity = self.lease_apl.activity_ids.filtered(
            lambda act: act.activity_type_id == self.env.ref("housing_collection.mail_activity_type_debit_stopped")
        )
        self.assertTrue(activity)
        self.assertEqual(self.lease_apl._housing_consecutive_returns(), 2)
        # the other lease's debits were collected: its mandate stands
        self.assertEqual(self.mandate_plain.state, "valid")

    def test_return_on_a_cfonb_statement_line(self):
        data = self.cfonb120([(f"REJET PRLV {self.debit_apl.id} AM04", -270.0)], day=date(2026, 1, 9))
        with freeze_time("2026-01-09"):
            line = self.import_statement(data, "releve.cfonb").line_ids
        self.assertEqual(line.housing_match_rule, "debit_return")
        self.assertEqual(self.inv_apl.amount_residual, 270.0)
        self.assertTrue(self.lease_apl.housing_return_pending)
        self.assertEqual(self.lease_apl.housing_last_return_reason_id, self.am04)

    def test_unrelated_debit_line_is_not_a_return(self):
        """A negative line of the same amount that does not announce a return stays for the accountant."""
        data = self.cfonb120([(f"VIR REMBOURSEMENT {self.debit_apl.id}", -270.0)], day=date(2026, 1, 9))
        line = self.import_statement(data, "releve.cfonb").line_ids
        self.assertFalse(line.is_reconciled)
        self.assertIn(self.inv_apl.payment_state, ("in_payment", "paid"))
