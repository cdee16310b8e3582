from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import HousingCollectionCommon


@tagged("post_install", "-at_install")
class TestCollectionRights(HousingCollectionCommon):
    """The accountant's monthly cycle with the accounting user group and the housing user group only; what the
    agency staff may see of it, and may not do."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = cls._create_user(
            "comptable",
            "Chantal Comptable",
            "account.group_account_user,housing_arrears.group_housing_user",
            cls.agency,
        )
        cls.lease_apl.housing_allocataire_number = "1234567"

    def _read_form(self, record, user):
        """Read every field the user's form view of the record shows, as the browser does."""
        views = record.with_user(user).get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        fields = {
            node.get("name") for node in arch.iter("field") if not any(a.tag == "field" for a in node.iterancestors())
        }
        return record.with_user(user).read(list(fields))

    def test_accountant_monthly_cycle(self):
        user = self.accountant
        env = self.env(user=user)
        # the rent call was run by the manager
        with freeze_time("2025-12-26"):
            jan = self.run_rent_call(date(2026, 1, 1))
        inv_apl = self.tenant_invoice(jan, self.lease_apl)
        inv_plain = self.tenant_invoice(jan, self.lease_plain)
        with freeze_time("2025-12-27"):
            # a tenant signs a mandate: the accountant records it from the lease
            action = self.lease_apl.with_user(user).action_housing_new_mandate()
            bank_account = env["res.partner.bank"].create(
                {"acc_number": "FR7630006000011234567890189", "partner_id": self.tenant_apl.id}
            )
            mandate = (
                env["account.banking.mandate"]
                .with_context(**action["context"])
                .create({"partner_bank_id": bank_account.id, "housing_debit_day": 5})
            )
            mandate.validate()
            self.assertEqual(self.lease_apl.housing_mandate_id, mandate)
        with freeze_time("2025-12-29"):
            # the direct debits of the month, their pain.008 file, sent to the bank
            orders = self.prepare_debits(jan, user=user)
            self.assertEqual(orders.payment_line_ids.move_line_id.move_id, inv_apl)
            self.order_xml(orders)
            orders.with_user(user).generated2uploaded()
        # the bank statement: the other tenant's transfer and the remittance of the debits
        statement = self.import_statement(
            self.cfonb120(
                [(f"VIR {self.lease_plain.name} DURAND", 680.0), (f"REMISE PRLV {orders.name}", 270.0)],
                day=date(2026, 1, 6),
            ),
            "releve.cfonb",
            user=user,
        )
        self.assertTrue(all(statement.line_ids.mapped("is_reconciled")))
        self.assertEqual(inv_plain.payment_state, "paid")
        env["account.bank.statement.line"].search_read([("is_reconciled", "=", False)], ["payment_ref"])
        # a debit comes back
        with freeze_time("2026-01-07"):
            returns = self.import_returns(self.pain002([(orders.payment_ids, "AM04")]), user=user)
            returns.with_user(user).action_confirm()
        self.assertEqual(inv_apl.with_user(user).amount_residual, 270.0)
        self.detect("2026-01-07 23:00:00")
        self.assertEqual(self.case_of(self.lease_apl).housing_return_reason_id.code, "AM04")
        # the CAF statement
        statement = self.import_benefit(
            self.benefit_csv([["1234567", "DIALLO AWA", "01/2026", "200,00", "30,00", "", ""]]), user=user
        )
        statement.with_user(user).action_apply()
        self.assertEqual(statement.state, "done")
        # the screens of the cycle open
        self._read_form(self.lease_apl, user)
        self._read_form(statement, user)
        self._read_form(returns, user)
        self._read_form(mandate, user)

    def test_agency_staff_see_without_doing(self):
        self.company.housing_return_fee_billed = True
        case = self.env["housing.arrears.case"].create(
            {
                "lease_id": self.lease_apl.id,
                "housing_return_reason_id": self.env.ref(
                    "account_payment_return_import_iso20022.unpaid_reason_AM04"
                ).id,
            }
        )
        # the lease and the case open for the agency, with the collection fields
        self._read_form(self.lease_apl, self.reader)
        self._read_form(case, self.officer)
        self._read_form(self.lease_apl, self.officer)
        # but the collection belongs to the accountant
        with self.assertRaises(AccessError):
            self.env["account.statement.import"].with_user(self.officer).create({"statement_file": b"MDE="})
        with self.assertRaises(AccessError):
            self.env["account.banking.mandate"].with_user(self.officer).create(
                {"partner_bank_id": self.iban_apl.id, "housing_lease_id": self.lease_apl.id, "housing_debit_day": 5}
            )
        with self.assertRaises(AccessError):
            self.env["housing.benefit.statement.import"].with_user(self.reader).create(
                {"payer_id": self.caf.id, "period": date(2026, 1, 1), "file": b"MDE="}
            )
        with self.assertRaises(AccessError):
            self.env["housing.rent.call.debit"].with_user(self.officer).create({})
