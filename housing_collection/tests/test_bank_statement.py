from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import HousingCollectionCommon


@tagged("post_install", "-at_install")
class TestBankStatement(HousingCollectionCommon):
    """CFONB 120 and CAMT.053 files imported by the OCA importers, then matched: the lease reference, else the
    tenant's name with the exact amount of an open notice, else the tenant's only lease; the benefit payer's
    transfer; what is left waits in the accountant's queue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.jan = cls.env["housing.rent.call"].create({"period_start": date(2026, 1, 1), "company_id": cls.company.id})
        cls.jan.action_run()
        cls.inv_apl = cls.jan.invoice_ids.filtered(lambda move: move.lease_id == cls.lease_apl)
        cls.inv_plain = cls.jan.invoice_ids.filtered(lambda move: move.lease_id == cls.lease_plain)
        cls.inv_caf = cls.jan.invoice_ids.filtered(lambda move: move.partner_id == cls.caf)

    def _receivable_counterparts(self, statement_line):
        return statement_line.move_id.line_ids.filtered(lambda line: line.account_type == "asset_receivable")

    def test_cfonb_matching_rules(self):
        data = self.cfonb120(
            [
                (f"VIR SEPA LOYER {self.lease_apl.name}", 270.0, "DE MME AWA DIALLO"),
                ("VIR SEPA M MARC DURAND", 680.0),
                ("VIR SEPA DURAND", 100.0),
                ("VIR CAF DE L ISERE APL", 200.0),
                ("VIR SEPA SANS NOM", 55.0),
                ("PRLV EDF FACTURE", -120.0),
            ]
        )
        statement = self.import_statement(data, "releve.cfonb")
        lines = statement.line_ids.sorted("sequence")
        self.assertEqual(len(lines), 6)
        ref_line, name_line, other_line, caf_line, unknown_line, edf_line = lines
        # 1. lease reference in the label
        self.assertTrue(ref_line.is_reconciled)
        self.assertEqual(ref_line.housing_match_rule, "reference")
        self.assertEqual(ref_line.housing_lease_id, self.lease_apl)
        self.assertEqual(self.inv_apl.payment_state, "paid")
        self.assertEqual(self._receivable_counterparts(ref_line).housing_lease_id, self.lease_apl)
        # 2. the tenant's name and the exact amount of an open notice
        self.assertTrue(name_line.is_reconciled)
        self.assertEqual(name_line.housing_match_rule, "name_amount")
        self.assertEqual(name_line.partner_id, self.tenant_plain)
        self.assertEqual(self.inv_plain.payment_state, "paid")
        self.assertEqual(self._receivable_counterparts(name_line).housing_lease_id, self.lease_plain)
        # 3. the tenant's name alone is not enough (one word), the line waits
        self.assertFalse(other_line.is_reconciled)
        self.assertFalse(other_line.housing_match_rule)
        # 4. the benefit payer's transfer pays its invoice
        self.assertTrue(caf_line.is_reconciled)
        self.assertEqual(caf_line.housing_match_rule, "benefit_payer")
        self.assertEqual(self.inv_caf.payment_state, "paid")
        # 5. and 6. nothing to go on: the accountant's queue
        self.assertFalse(unknown_line.is_reconciled)
        self.assertFalse(edf_line.is_reconciled)
        queue = self.env["account.bank.statement.line"].search(
            [("journal_id.type", "=", "bank"), ("is_reconciled", "=", False)]
        )
        self.assertEqual(queue, other_line | unknown_line | edf_line)

    def test_cfonb_same_file_twice(self):
        data = self.cfonb120([(f"VIR {self.lease_apl.name}", 270.0)])
        self.import_statement(data, "releve.cfonb")
        with self.assertRaises(UserError):
            self.import_statement(data, "releve.cfonb")

    def test_single_lease_and_partial_payment(self):
        """The tenant's full name and another amount: its only lease, oldest notice first, partly paid."""
        feb = self.run_rent_call(date(2026, 2, 1))
        inv_feb = self.tenant_invoice(feb, self.lease_plain)
        data = self.cfonb120([("VIR SEPA MARC DURAND", 1000.0)], day=date(2026, 2, 10))
        line = self.import_statement(data, "releve.cfonb").line_ids
        self.assertTrue(line.is_reconciled)
        self.assertEqual(line.housing_match_rule, "single_lease")
        self.assertEqual(self.inv_plain.payment_state, "paid", "the oldest notice first")
        self.assertEqual(inv_feb.amount_residual, 360.0, "680 + 320 = 1000")
        counterparts = self._receivable_counterparts(line)
        self.assertEqual(sum(counterparts.mapped("credit")), 1000.0, "nothing goes elsewhere than the notices")
        self.assertEqual(counterparts.housing_lease_id, self.lease_plain)
        self.assertFalse(
            line.move_id.line_ids.filtered(lambda move_line: move_line.account_type == "liability_payable")
        )

    def test_reference_quoted_several_notices(self):
        feb = self.run_rent_call(date(2026, 2, 1))
        inv_feb = self.tenant_invoice(feb, self.lease_apl)
        data = self.cfonb120([(f"VIR {self.lease_apl.name}", 400.0)], day=date(2026, 2, 10))
        line = self.import_statement(data, "releve.cfonb").line_ids
        self.assertTrue(line.is_reconciled)
        self.assertEqual(self.inv_apl.payment_state, "paid")
        self.assertEqual(inv_feb.amount_residual, 140.0)
        self.assertFalse(
            line.move_id.line_ids.filtered(lambda move_line: move_line.account_type == "liability_payable")
        )

    def test_advance_on_the_lease(self):
        """The reference of a lease with nothing left to pay: an advance credited to the lease."""
        tenant = self.env["res.partner"].create({"name": "Nora Benali"})
        lease = self._create_lease(self.unit_c, tenant, start=date(2026, 2, 1), rent_amount=300.0)
        data = self.cfonb120([(f"VIR {lease.name} AVANCE", 300.0)])
        line = self.import_statement(data, "releve.cfonb").line_ids
        self.assertTrue(line.is_reconciled)
        self.assertEqual(line.housing_match_rule, "advance")
        credit = self._receivable_counterparts(line)
        self.assertEqual(credit.credit, 300.0)
        self.assertEqual(credit.housing_lease_id, lease)
        self.assertEqual(credit.partner_id, tenant)
        # the February notice is then paid by the advance, as any outstanding credit
        feb = self.run_rent_call(date(2026, 2, 1))
        invoice = self.tenant_invoice(feb, lease)
        invoice.js_assign_outstanding_line(credit.id)
        self.assertEqual(invoice.payment_state, "paid")

    def test_registered_payment_matched(self):
        """A payment registered by hand (cheque, cash desk) waits for its bank line, matched by the reference."""
        self.pay(self.inv_apl)
        line = self.import_statement(self.cfonb120([(f"REMISE {self.lease_apl.name}", 270.0)]), "releve.cfonb").line_ids
        self.assertTrue(line.is_reconciled)
        self.assertEqual(self.inv_apl.payment_state, "paid")

    def test_camt053_matching(self):
        data = self.camt053(
            [
                {
                    "amount": 270.0,
                    "label": f"LOYER JANVIER {self.lease_apl.name}",
                    "name": "DIALLO AWA",
                    "iban": self.iban_apl.acc_number.replace(" ", ""),
                },
                {"amount": 680.0, "label": "LOYER JANVIER", "name": "M. MARC DURAND"},
                {"amount": 42.0, "label": "REGLEMENT", "name": "INCONNU SARL"},
            ]
        )
        statement = self.import_statement(data, "releve.xml")
        ref_line, name_line, unknown_line = statement.line_ids.sorted("sequence")
        self.assertEqual(ref_line.housing_match_rule, "reference")
        self.assertEqual(self.inv_apl.payment_state, "paid")
        self.assertEqual(name_line.housing_match_rule, "name_amount")
        self.assertEqual(name_line.partner_id, self.tenant_plain)
        self.assertEqual(self.inv_plain.payment_state, "paid")
        self.assertFalse(unknown_line.is_reconciled)

    def test_cotenant_pays_for_the_holder(self):
        cotenant = self.env["res.partner"].create({"name": "Ibrahima Diallo"})
        self.lease_apl.cotenant_ids = cotenant
        data = self.cfonb120([("VIR SEPA IBRAHIMA DIALLO", 270.0)])
        line = self.import_statement(data, "releve.cfonb").line_ids
        self.assertTrue(line.is_reconciled)
        self.assertEqual(line.partner_id, self.tenant_apl, "the holder, whose notices the co-tenant pays")
        self.assertEqual(self.inv_apl.payment_state, "paid")

    def test_namesakes(self):
        """Two tenants of the same name: the exact amount of an open notice tells them apart, otherwise the
        accountant chooses."""
        namesake = self.env["res.partner"].create({"name": "Marc Durand"})
        self._create_lease(self.unit_c, namesake, rent_amount=300.0)
        exact, other = self.import_statement(
            self.cfonb120([("VIR SEPA MARC DURAND", 680.0), ("VIR SEPA M DURAND MARC", 100.0)]), "releve.cfonb"
        ).line_ids.sorted("sequence")
        self.assertTrue(exact.is_reconciled)
        self.assertEqual(exact.housing_match_rule, "name_amount")
        self.assertEqual(exact.partner_id, self.tenant_plain)
        self.assertEqual(self.inv_plain.payment_state, "paid")
        self.assertFalse(other.is_reconciled, "which of the two? the accountant chooses")
        self.assertFalse(other.partner_id)

    def test_name_written_twice(self):
        """A tenant whose first name is their surname (David David) is still told by their name."""
        self.tenant_plain.name = "David David"
        line = self.import_statement(self.cfonb120([("VIR SEPA M DAVID DAVID", 680.0)]), "releve.cfonb").line_ids
        self.assertEqual(line.housing_match_rule, "name_amount")
        self.assertEqual(self.inv_plain.payment_state, "paid")

    def test_manual_match_from_the_queue(self):
        line = self.import_statement(self.cfonb120([("VIR SEPA SANS NOM", 680.0)]), "releve.cfonb").line_ids
        self.assertFalse(line.is_reconciled)
        receivable = self.inv_plain.line_ids.filtered(lambda aml: aml.account_type == "asset_receivable")
        line.with_context(_test_account_reconcile_oca=True).add_account_move_line_id = receivable
        line._onchange_add_account_move_line_id()
        line.reconcile_bank_line()
        self.assertTrue(line.is_reconciled)
        self.assertEqual(line.housing_match_rule, "manual")
        self.assertEqual(self.inv_plain.payment_state, "paid")
        self.assertEqual(self._receivable_counterparts(line).housing_lease_id, self.lease_plain)
