from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import HousingArrearsCommon


@tagged("post_install", "-at_install")
class TestSecurity(HousingArrearsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        call = cls.env["housing.rent.call"].create({"period_start": date(2026, 1, 1), "company_id": cls.company.id})
        call.action_run()
        with freeze_time("2026-01-20"):
            cls.env.ref("housing_arrears.ir_cron_detect_arrears").sudo().method_direct_trigger()
        cls.case = cls.env["housing.arrears.case"].search([("lease_id", "=", cls.lease_apl.id)])
        cls.case_other = cls.env["housing.arrears.case"].search([("lease_id", "=", cls.lease_other.id)])
        cls.stage_contact = cls.env.ref("housing_arrears.stage_contact")

    def test_reader_reads_but_cannot_write(self):
        case = self.case.with_user(self.reader)
        self.assertEqual(case.debt_amount, 270.0)
        with self.assertRaises(AccessError):
            case.stage_id = self.stage_contact
        with self.assertRaises(AccessError):
            self.env["housing.arrears.contact"].with_user(self.reader).create(
                {"case_id": self.case.id, "channel": "phone", "outcome": "reached"}
            )
        with self.assertRaises(AccessError):
            self.lease_plain.with_user(self.reader).rent_amount = 1.0
        self.assertEqual(self.case.stage_id, self.env.ref("housing_arrears.stage_first_unpaid"))

    def test_officer_works_cases_of_own_agency_only(self):
        Case = self.env["housing.arrears.case"].with_user(self.officer)
        visible = Case.search([])
        self.assertIn(self.case, visible)
        self.assertNotIn(self.case_other, visible)
        self.case.with_user(self.officer).stage_id = self.stage_contact
        self.env["housing.arrears.contact"].with_user(self.officer).create(
            {"case_id": self.case.id, "channel": "phone", "outcome": "no_answer"}
        )
        self.assertEqual(self.case.failed_attempts, 1)
        with self.assertRaises(AccessError):
            self.case_other.with_user(self.officer).read(["debt_amount"])
        with self.assertRaises(AccessError):
            self.case_other.with_user(self.officer).stage_id = self.stage_contact
        # officers cannot delete cases, nor run rent calls, nor configure stages
        with self.assertRaises(AccessError):
            self.case.with_user(self.officer).unlink()
        with self.assertRaises(AccessError):
            self.env["housing.rent.call"].with_user(self.officer).create({"period_start": date(2026, 5, 1)})
        with self.assertRaises(AccessError):
            self.stage_contact.with_user(self.officer).name = "Renamed"

    def test_officer_of_other_agency_sees_nothing_here(self):
        visible = self.env["housing.arrears.case"].with_user(self.officer_other).search([])
        self.assertEqual(visible, self.case_other)
        contacts = self.env["housing.arrears.contact"].with_user(self.officer_other).search([])
        self.assertFalse(contacts.filtered(lambda c: c.case_id == self.case))

    def test_manager_sees_all_and_runs_rent_calls(self):
        visible = self.env["housing.arrears.case"].with_user(self.manager).search([])
        self.assertIn(self.case, visible)
        self.assertIn(self.case_other, visible)
        call = self.env["housing.rent.call"].with_user(self.manager).create({"period_start": date(2026, 2, 1)})
        call.action_run()
        self.assertTrue(call.invoice_ids)
        self.stage_contact.with_user(self.manager).description = "Call the tenant"

    def test_multi_company(self):
        other = self.setup_other_company()["company"]
        self.manager.company_ids |= other
        agency = self.env["housing.agency"].create({"name": "Agence autre société", "company_id": other.id})
        Agency = self.env["housing.agency"].with_user(self.manager).with_context(allowed_company_ids=self.company.ids)
        self.assertNotIn(agency, Agency.search([]))
        self.assertIn(agency, Agency.with_context(allowed_company_ids=[self.company.id, other.id]).search([]))
        with self.assertRaises(UserError):
            # a dwelling of this company cannot sit in an agency of the other one
            self.env["housing.unit"].create(
                {"name": "X-1", "agency_id": agency.id, "sector_id": self.sector.id, "typology": "T2"}
            )

    def test_procedure_records_of_other_agencies_are_hidden(self):
        with freeze_time("2026-01-25"):
            step = self.env["housing.legal.step"].create(
                {"case_id": self.case.id, "step_type": "formal_notice", "date": date(2026, 1, 25)}
            )
            plan = self.env["housing.repayment.plan"].create(
                {"case_id": self.case.id, "debt_amount": 270.0, "start_month": date(2026, 2, 1), "instalment_count": 2}
            )
        write_off = self.env["housing.write.off"].create({"case_id": self.case.id, "reason": "death"})
        for record in (step, plan, write_off):
            self.assertFalse(record.with_user(self.officer_other).search([("id", "=", record.id)]))
            with self.assertRaises(AccessError):
                record.with_user(self.officer_other).read(["case_id"])
            self.assertTrue(record.with_user(self.officer).search([("id", "=", record.id)]))
        self.env.flush_all()
        events = self.env["housing.arrears.event"].with_user(self.officer_other).search([])
        self.assertNotIn(self.case, events.case_id)
        # officers record steps and plans, they do not approve write-offs
        with self.assertRaises(AccessError):
            write_off.with_user(self.officer).action_approve()
        with self.assertRaises(AccessError):
            step.with_user(self.reader).write({"note": "x"})

    def test_tenant_balance_for_housing_and_accounting_only(self):
        """The tenant's balance and leases on the contact: for the housing staff and the accountants; the arrears
        cases for the housing staff; nothing of it for the other internal users (whose contact form still opens)."""
        plain = new_test_user(
            self.env, login="plain", groups="base.group_user", company_id=self.company.id, company_ids=self.company.ids
        )
        accountant = new_test_user(
            self.env,
            login="accountant",
            groups="account.group_account_invoice",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        housing = ["housing_balance", "housing_currency_id", "housing_lease_ids"]
        cases = ["housing_case_count", "housing_open_case_id", "housing_lease_count"]
        tenant = self.tenant_apl
        for fname in housing + cases:
            with self.assertRaises(AccessError, msg=fname):
                tenant.with_user(plain).read([fname])
        self.assertFalse(set(housing + cases) & set(self.env["res.partner"].with_user(plain).fields_get()))
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(plain).search([("housing_lease_ids", "!=", False)])
        form = self.env["res.partner"].with_user(plain).get_views([(False, "form")])
        self.assertFalse(set(housing + cases) & set(form["models"]["res.partner"]["fields"]))
        self.env.invalidate_all()
        self.assertEqual(tenant.with_user(accountant).read(["housing_balance"])[0]["housing_balance"], 270.0)
        self.assertEqual(tenant.with_user(accountant).housing_lease_ids, self.lease_apl)
        for fname in cases:
            with self.assertRaises(AccessError, msg=fname):
                tenant.with_user(accountant).read([fname])
        self.env.invalidate_all()
        values = tenant.with_user(self.reader).read(housing + cases)[0]
        self.assertEqual((values["housing_balance"], values["housing_case_count"]), (270.0, 1))
