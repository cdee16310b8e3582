from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import HousingCollectionCommon

PAIN008 = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}


@tagged("post_install", "-at_install")
class TestDirectDebit(HousingCollectionCommon):
    """Mandates per lease with the tenant's debit day, the monthly debit order of each day from the rent notices,
    its pain.008 file, the upload, the remittance on the bank statement, the tenant who stops the mandate."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mandate_apl = cls._create_mandate(cls.lease_apl, cls.iban_apl, 5)
        cls.mandate_plain = cls._create_mandate(cls.lease_plain, cls.iban_plain, 10)
        with freeze_time("2025-12-26"):
            cls.jan = cls.env["housing.rent.call"].create(
                {"period_start": date(2026, 1, 1), "company_id": cls.company.id}
            )
            cls.jan.action_run()
        cls.inv_apl = cls.jan.invoice_ids.filtered(lambda move: move.lease_id == cls.lease_apl)
        cls.inv_plain = cls.jan.invoice_ids.filtered(lambda move: move.lease_id == cls.lease_plain)
        cls.inv_other = cls.jan.invoice_ids.filtered(lambda move: move.lease_id == cls.lease_other)

    def test_mandate_on_the_lease(self):
        self.assertTrue(self.lease_apl.housing_direct_debit)
        self.assertEqual(self.lease_apl.housing_mandate_id, self.mandate_apl)
        self.assertEqual(self.lease_apl.housing_debit_day, 5)
        self.assertFalse(self.lease_other.housing_direct_debit)
        with self.assertRaisesRegex(ValidationError, "jour de prélèvement"):
            self._create_mandate(self.lease_other, self._tenant_account(self.tenant_other, "00033333333"), 12)
        with self.assertRaisesRegex(ValidationError, "pas locataire"):
            self._create_mandate(self.lease_other, self.iban_plain, 5)
        with self.assertRaisesRegex(ValidationError, "déjà un mandat valide"):
            self._create_mandate(self.lease_apl, self._tenant_account(self.tenant_apl, "00044444444"), 5)

    @freeze_time("2025-12-29")
    def test_debit_orders_and_pain008(self):
        orders = self.prepare_debits(self.jan)
        self.assertEqual(len(orders), 2, "one order per debit day")
        order_5 = orders.filtered(lambda order: order.housing_debit_day == 5)
        order_10 = orders.filtered(lambda order: order.housing_debit_day == 10)
        self.assertEqual(order_5.payment_line_ids.move_line_id.move_id, self.inv_apl)
        self.assertEqual(order_10.payment_line_ids.move_line_id.move_id, self.inv_plain)
        self.assertNotIn(self.inv_other, orders.payment_line_ids.move_line_id.move_id, "no mandate, no debit")
        self.assertEqual(set(orders.mapped("state")), {"generated"})
        self.assertEqual(order_5.date_scheduled, date(2026, 1, 5))
        # the pain.008 file (validated by OCA against the XSD when it is generated)
        root = self.order_xml(order_5)
        self.assertEqual(root.xpath("//p:PmtInf/p:ReqdColltnDt", namespaces=PAIN008)[0].text, "2026-01-05")
        self.assertEqual(root.xpath("//p:PmtInf/p:PmtTpInf/p:SeqTp", namespaces=PAIN008)[0].text, "FRST")
        transaction = root.xpath("//p:DrctDbtTxInf", namespaces=PAIN008)
        self.assertEqual(len(transaction), 1)
        self.assertEqual(transaction[0].xpath("p:InstdAmt", namespaces=PAIN008)[0].text, "270.00")
        self.assertEqual(
            transaction[0].xpath(".//p:MndtId", namespaces=PAIN008)[0].text, self.mandate_apl.unique_mandate_reference
        )
        self.assertEqual(
            transaction[0].xpath("p:DbtrAcct/p:Id/p:IBAN", namespaces=PAIN008)[0].text,
            self.iban_apl.sanitized_acc_number,
        )
        self.assertIn(self.lease_apl.name, transaction[0].xpath("p:RmtInf/p:Ustrd", namespaces=PAIN008)[0].text)
        self.assertEqual(
            root.xpath("//p:CdtrSchmeId//p:Id", namespaces=PAIN008)[-1].text, self.company.sepa_creditor_identifier
        )
        # prepared again: nothing new
        again = self.env["account.payment.order"]._housing_prepare_debit_orders(self.company, date(2026, 1, 1))
        self.assertFalse(again)
        self.assertEqual(len(orders.payment_line_ids), 2)
        # sent to the bank: the notices are paid, waiting for the bank statement, the debit carries the lease
        order_5.generated2uploaded()
        self.assertIn(self.inv_apl.payment_state, ("in_payment", "paid"))
        self.assertEqual(self.mandate_apl.recurrent_sequence_type, "recurring")
        receivable = order_5.payment_ids._housing_receivable_lines()
        self.assertEqual(receivable.housing_lease_id, self.lease_apl)

    def test_remittance_on_the_bank_statement(self):
        with freeze_time("2025-12-29"):
            orders = self.prepare_debits(self.jan, days="5")
            orders.generated2uploaded()
        data = self.cfonb120([(f"REMISE PRLV SEPA {orders.name}", 270.0)], day=date(2026, 1, 6))
        line = self.import_statement(data, "releve.cfonb").line_ids
        self.assertTrue(line.is_reconciled)
        self.assertEqual(line.housing_match_rule, "debit_remittance")
        self.assertEqual(self.inv_apl.payment_state, "paid")
        self.assertFalse(orders._housing_outstanding_lines())

    def test_tenant_stops_the_mandate(self):
        self.mandate_plain.cancel()
        self.assertTrue(self.lease_plain.housing_debit_stopped)
        self.assertEqual(self.lease_plain.housing_debit_stop_reason, "tenant")
        self.assertFalse(self.lease_plain.housing_direct_debit)
        activity = self.lease_plain.activity_ids.filtered(
            lambda act: act.activity_type_id == self.env.ref("housing_collection.mail_activity_type_debit_stopped")
        )
        self.assertEqual(activity.user_id, self.cesf_user, "the sector's prevention officer")
        with freeze_time("2025-12-29"):
            orders = self.prepare_debits(self.jan)
        self.assertNotIn(self.inv_plain, orders.payment_line_ids.move_line_id.move_id)
        # a new mandate clears the flag
        self._create_mandate(self.lease_plain, self._tenant_account(self.tenant_plain, "00055555555"), 15)
        self.assertFalse(self.lease_plain.housing_debit_stopped)

    def test_scheduled_action_prepares_the_coming_days(self):
        cron = self.env.ref("housing_collection.ir_cron_prepare_debit_orders")
        with freeze_time("2025-12-31"):
            cron.sudo().method_direct_trigger()
            orders = self.env["account.payment.order"].search([("housing_period", "=", date(2026, 1, 1))])
            self.assertEqual(orders.mapped("housing_debit_day"), [5], "the 10th is more than 5 days away")
            self.assertEqual(orders.state, "generated")
            cron.sudo().method_direct_trigger()
            self.assertEqual(
                self.env["account.payment.order"].search_count([("housing_period", "=", date(2026, 1, 1))]), 1
            )
        with freeze_time("2026-01-06"):
            cron.sudo().method_direct_trigger()
            orders = self.env["account.payment.order"].search([("housing_period", "=", date(2026, 1, 1))])
            self.assertEqual(sorted(orders.mapped("housing_debit_day")), [5, 10])
