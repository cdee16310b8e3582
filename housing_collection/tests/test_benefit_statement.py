import base64
import io
from datetime import date

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.housing_arrears.tests.portfolio_workbook import portfolio_rows

from .common import HousingCollectionCommon


@tagged("post_install", "-at_install")
class TestBenefitStatement(HousingCollectionCommon):
    """The monthly statement of the CAF: the leases' benefit and RLS for the coming call, the allocataire number
    kept on the lease, the regularisation of what differs from the call, the benefit that stopped billed to the
    tenant with the officer told, the payer's transfer reconciled; bad lines stop the import with their number."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tenant_third = cls.env["res.partner"].create({"name": "Karim Haddad"})
        cls.lease_third = cls._create_lease(
            cls.unit_c,
            cls.tenant_third,
            rent_amount=500.0,
            charges_amount=60.0,
            benefit_amount=150.0,
            benefit_payer_id=cls.caf.id,
        )
        cls.lease_apl.housing_allocataire_number = "1234567"
        cls.lease_third.housing_allocataire_number = "7654321"
        cls.lease_plain.housing_allocataire_number = "5555555"
        cls.jan = cls.env["housing.rent.call"].create({"period_start": date(2026, 1, 1), "company_id": cls.company.id})
        cls.jan.action_run()
        cls.inv_caf = cls.jan.invoice_ids.filtered(lambda move: move.partner_id == cls.caf)
        cls.good_rows = [
            ["1234567", "DIALLO AWA", "01/2026", "210,00", "32,00", "15,00", ""],
            ["9999999", "INCONNU PAUL", "01/2026", "120,00", "", "", ""],
            ["5555555", "DURAND MARC", "01/2026", "100,00", "", "", "20,00"],
        ]

    def test_statement_lines_and_what_does_not_fit(self):
        self.assertEqual(self.inv_caf.amount_total, 350.0, "200 + 150 called")
        statement = self.import_benefit(self.benefit_csv(self.good_rows))
        self.assertEqual(statement.state, "draft")
        lines = {line.allocataire_number: line for line in statement.line_ids}
        self.assertEqual(lines["1234567"].lease_id, self.lease_apl)
        self.assertEqual(lines["1234567"].line_number, 2)
        self.assertEqual(lines["1234567"].billed_amount, 200.0)
        self.assertEqual(lines["1234567"].status, "differs")
        self.assertEqual(lines["9999999"].status, "unknown")
        self.assertEqual(lines["5555555"].status, "differs", "a new benefit, nothing called")
        self.assertEqual(lines["7654321"].status, "stopped", "paid last month, missing from the statement")
        self.assertEqual(lines["7654321"].billed_amount, 150.0)
        self.assertEqual(statement.total_expected, 210 + 120 + 100 + 15 - 20)
        # nothing is written on the leases before the accountant applies it
        self.assertEqual(self.lease_apl.benefit_amount, 200.0)

    def test_apply_updates_the_leases_and_regularises(self):
        statement = self.import_benefit(self.benefit_csv(self.good_rows))
        # the accountant gives the unknown allocataire its lease (the number is then kept on the lease)
        tenant = self.env["res.partner"].create({"name": "Paul Inconnu"})
        lease_new = self._create_lease(
            self.env["housing.unit"].create({"name": "POR-A-04", "residence_id": self.residence.id}),
            tenant,
            start=date(2025, 11, 1),
            rent_amount=400.0,
            charges_amount=40.0,
        )
        unknown = statement.line_ids.filtered(lambda line: line.allocataire_number == "9999999")
        unknown.lease_id = lease_new
        self.assertEqual(unknown.status, "differs")
        statement.action_apply()
        self.assertEqual(statement.state, "done")
        # the leases for the coming rent call
        self.assertEqual(self.lease_apl.benefit_amount, 210.0)
        self.assertEqual(self.lease_apl.rls_amount, 32.0)
        self.assertEqual(self.lease_plain.benefit_amount, 100.0)
        self.assertEqual(self.lease_plain.benefit_payer_id, self.caf)
        self.assertEqual(lease_new.housing_allocataire_number, "9999999")
        self.assertEqual(lease_new.benefit_amount, 120.0)
        # the benefit that stopped: the tenant pays it from the next call, and this month's is billed to them
        self.assertEqual(self.lease_third.benefit_amount, 0.0)
        activity = self.lease_third.activity_ids.filtered(
            lambda act: act.activity_type_id == self.env.ref("housing_collection.mail_activity_type_benefit_stopped")
        )
        self.assertEqual(activity.user_id, self.cesf_user)
        moves = statement.move_ids
        tenant_third = moves.filtered(lambda move: move.lease_id == self.lease_third)
        self.assertEqual(tenant_third.move_type, "out_invoice")
        self.assertEqual(tenant_third.amount_total, 150.0)
        # the differences: + 10 and the 15 of back payment credited to Awa Diallo
        credit_apl = moves.filtered(lambda move: move.lease_id == self.lease_apl)
        self.assertEqual(credit_apl.move_type, "out_refund")
        self.assertEqual(credit_apl.amount_total, 25.0)
        # the payer: 10 + 100 + 120 + 15 more, 150 + 20 less; its account is the statement's total
        payer_moves = moves.filtered(lambda move: move.partner_id == self.caf)
        self.assertEqual(sorted(payer_moves.mapped("move_type")), ["out_invoice", "out_refund"])
        self.assertEqual(self._caf_balance(), statement.total_expected)
        # the first rent call after the statement deducts the new benefit
        feb = self.run_rent_call(date(2026, 2, 1))
        self.assertEqual(self.tenant_invoice(feb, self.lease_apl).amount_total, 450 + 50 - 32 - 210)
        self.assertEqual(self.tenant_invoice(feb, self.lease_third).amount_total, 560.0)

    def _caf_balance(self):
        items = self.env["account.move.line"].search(
            [
                ("partner_id", "=", self.caf.id),
                ("account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
            ]
        )
        return sum(items.mapped("amount_residual"))

    def test_payer_transfer_before_the_statement(self):
        """The transfer arrives first: set against the call's invoice; the statement then regularises the rest."""
        rows = self.good_rows[:1] + self.good_rows[2:]
        line = self.import_statement(self.cfonb120([("VIR CAF DE L ISERE PAIEMENT 01 2026", 305.0)]), "caf.cfonb")
        line = line.line_ids
        self.assertTrue(line.is_reconciled)
        self.assertEqual(line.housing_match_rule, "benefit_payer")
        self.assertEqual(self.inv_caf.amount_residual, 45.0)
        statement = self.import_benefit(self.benefit_csv(rows))
        self.assertEqual(statement.total_expected, 305.0)
        statement.action_apply()
        self.assertEqual(self._caf_balance(), 0.0)
        self.assertEqual(self.inv_caf.payment_state, "paid")

    def test_payer_transfer_after_the_statement(self):
        rows = self.good_rows[:1] + self.good_rows[2:]
        statement = self.import_benefit(self.benefit_csv(rows))
        statement.action_apply()
        self.assertEqual(self._caf_balance(), 305.0)
        line = self.import_statement(self.cfonb120([("VIR CAF DE L ISERE PAIEMENT 01 2026", 305.0)]), "caf.cfonb")
        self.assertTrue(line.line_ids.is_reconciled)
        self.assertEqual(self._caf_balance(), 0.0)

    def test_payer_transfer_waiting_in_the_queue(self):
        """A transfer of the payer left in the queue is reconciled when its statement is applied."""
        rows = self.good_rows[:1] + self.good_rows[2:]
        line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.bank_journal.id,
                "date": date(2026, 1, 26),
                "payment_ref": "VIR CAF PAIEMENT",
                "partner_id": self.caf.id,
                "amount": 305.0,
            }
        )
        self.assertFalse(line.is_reconciled)
        statement = self.import_benefit(self.benefit_csv(rows))
        statement.action_apply()
        self.assertEqual(statement.payment_line_id, line)
        self.assertTrue(line.is_reconciled)
        self.assertEqual(self._caf_balance(), 0.0)

    def test_bad_lines_stop_the_import(self):
        rows = self.good_rows + [
            ["", "SANS NUMERO", "01/2026", "50,00", "", "", ""],
            ["2222222", "MONTANT FAUX", "01/2026", "12,3x", "", "", ""],
            ["3333333", "AUTRE MOIS", "02/2026", "80,00", "", "", ""],
            ["1234567", "EN DOUBLE", "01/2026", "80,00", "", "", ""],
        ]
        data = self.benefit_csv(rows)
        with self.assertRaises(UserError) as catcher:
            self.import_benefit(data)
        message = str(catcher.exception)
        self.assertIn("4", message.split("\n", maxsplit=1)[0])
        for number in (5, 6, 7, 8):
            self.assertRegex(message, rf"\b{number}\b")
        self.assertIn("12,3x", message)
        self.assertIn("02/2026", message)
        self.assertFalse(self.env["housing.benefit.statement"].search([]), "nothing of that file is written")
        self.assertEqual(self.lease_apl.benefit_amount, 200.0)
        # skipped on purpose: the good lines are imported, the bad ones kept as skipped with their message
        statement = self.import_benefit(data, skip=True)
        skipped = statement.line_ids.filtered(lambda line: line.status == "skipped")
        self.assertEqual(sorted(skipped.mapped("line_number")), [5, 6, 7, 8])
        self.assertTrue(all(skipped.mapped("message")))
        self.assertEqual(statement.skipped_count, 4)
        self.assertEqual(len(statement.line_ids.filtered(lambda line: line.line_number and not line.stopped)), 7)

    def test_missing_column(self):
        data = self.benefit_csv(self.good_rows, header=["Allocataire", "Nom", "Période", "APL"])
        with self.assertRaises(UserError) as catcher:
            self.import_benefit(data)
        self.assertIn("Numéro allocataire", str(catcher.exception))

    def test_statement_imported_once(self):
        self.import_benefit(self.benefit_csv(self.good_rows))
        with self.assertRaises(UserError):
            self.import_benefit(self.benefit_csv(self.good_rows))

    def test_xlsx_statement_with_its_own_columns(self):
        msa = self.env["res.partner"].create({"name": "MSA Alpes du Nord", "is_company": True})
        statement_format = self.env.ref("housing_collection.statement_format_msa_xlsx")
        statement_format.payer_ids = msa
        self.lease_plain.write({"benefit_payer_id": msa.id})
        header = ["N° allocataire", "Nom", "Mois", "Aide au logement", "RLS", "Rappels", "Indus"]
        data = self.benefit_xlsx([[5555555, "DURAND MARC", "01/2026", 95.5, 0, 0, 0]], header)
        statement = self.import_benefit(data, payer=msa)
        self.assertEqual(statement.format_id, statement_format)
        line = statement.line_ids
        self.assertEqual(line.lease_id, self.lease_plain)
        self.assertEqual(line.apl_amount, 95.5)
        statement.action_apply()
        self.assertEqual(self.lease_plain.benefit_amount, 95.5)

    def test_benefit_above_the_rent_is_refused(self):
        rows = [["1234567", "DIALLO AWA", "01/2026", "900,00", "", "", ""]]
        statement = self.import_benefit(self.benefit_csv(rows))
        with self.assertRaises(UserError) as catcher:
            statement.action_apply()
        self.assertRegex(str(catcher.exception), r"\b2\b")
        self.assertEqual(statement.state, "draft")
        self.assertEqual(self.lease_apl.benefit_amount, 200.0)

    def test_portfolio_import_allocataire_number(self):
        """The portfolio import reads the allocataire number of each lease, and the export writes it back."""
        rows = portfolio_rows(3, prefix="ALC", agency="NI", payer=self.caf.name, opening=date(2026, 1, 15))
        rows["leases"][0]["allocataire_number"] = "0012345"
        Wizard = self.env["housing.portfolio.import"].with_context(lang="fr_FR")
        wizard = Wizard.create({"opening_date": date(2026, 1, 15)})
        data = wizard._write_workbook(rows)
        wizard.file = base64.b64encode(data)
        headers = [cell.value for cell in openpyxl.load_workbook(io.BytesIO(data))["Baux"][1]]
        self.assertIn("N° allocataire", headers)
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.error_ids.mapped("message"))
        lease = self.env["housing.lease"].search([("name", "=", "ALC-B00000")])
        self.assertEqual(lease.housing_allocataire_number, "0012345")
        exported = wizard._export_rows()["leases"]
        self.assertEqual({row["name"]: row.get("allocataire_number") for row in exported}["ALC-B00000"], "0012345")
        self.assertEqual(
            {row["name"]: row.get("allocataire_number") for row in exported}[self.lease_apl.name], "1234567"
        )
