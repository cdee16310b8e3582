from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import HousingInsertionCommon


@tagged("post_install", "-at_install")
class TestInsertionRights(HousingInsertionCommon):
    """Candidates' personal data: insertion officers only (and the CESF); purchase users see the clause figures;
    arrears officers see the hires of their agencies' tenants on the cases; suppliers on the portal see nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clause = cls._create_clause(cls.order)
        cls.candidate = cls._create_candidate(cls.lease_plain)
        cls.hire = cls._create_hire(cls.candidate, cls.clause)
        cls.hours = cls._declare(cls.hire, date(2026, 3, 1), 100.0)
        cls.candidate_other = cls._create_candidate(cls.lease_other)
        cls.hire_other = cls._create_hire(cls.candidate_other, cls.clause)

    def test_insertion_officer(self):
        env = self.env(user=self.insertion_officer)
        candidate = env["housing.insertion.candidate"].create(
            {
                "partner_id": self.tenant_apl.id,
                "lease_id": self.lease_apl.id,
                "consent_date": date(2026, 3, 1),
                "consent_scope": "facilitator",
                "eligibility_category": "rqth",
                "facilitator_id": self.facilitator.id,
            }
        )
        candidate.action_send_to_facilitator()
        self.assertEqual(candidate.referrer_user_id, self.insertion_officer)
        clause = env["housing.insertion.clause"].browse(self.clause.id)
        hire = env["housing.insertion.hire"].create(
            {
                "candidate_id": candidate.id,
                "clause_id": clause.id,
                "employer_id": self.structure.id,
                "date_start": date(2026, 3, 1),
            }
        )
        env["housing.insertion.hours"].create({"hire_id": hire.id, "month": date(2026, 3, 1), "hours": 60.0})
        self.assertEqual(clause.hours_done, 160.0)
        self.assertEqual(env["housing.insertion.candidate"].search_count([]), 3, "every agency")
        self.assertEqual(clause.order_id.name, self.order.name, "reads the order")
        with self.assertRaises(AccessError):
            clause.order_id.write({"partner_ref": "X"})
        with self.assertRaises(AccessError):
            candidate.unlink()
        with self.assertRaises(AccessError):
            env["housing.insertion.trade"].create({"name": "Peinture"})

    def test_purchase_user_sees_figures_not_people(self):
        env = self.env(user=self.buyer)
        order = env["purchase.order"].browse(self.order.id)
        self.assertEqual(order.insertion_hours_done, 100.0)
        self.assertEqual(order.insertion_clause_id.hours_owed, 500.0)
        self.assertEqual(order.insertion_clause_id.hire_count, 2)
        report = env["housing.insertion.hours.report"].search([("order_id", "=", order.id)])
        self.assertEqual(sum(report.mapped("hours")), 100.0)
        self.assertEqual(report.employer_id, self.structure)
        new_order = env["purchase.order"].create({"partner_id": self.supplier.id})
        env["housing.insertion.clause"].create(
            {
                "order_id": new_order.id,
                "target_hours": 100.0,
                "facilitator_id": self.facilitator.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 6, 30),
            }
        )
        for record in (self.candidate, self.hire, self.hours):
            with self.assertRaises(AccessError):
                record.with_user(self.buyer).read(["display_name"])
        with self.assertRaises(AccessError):
            env["housing.insertion.candidate"].search([])
        with self.assertRaises(AccessError):
            env["housing.insertion.debt.report"].search([])
        with self.assertRaises(AccessError):
            order.insertion_clause_id.hire_ids.read(["partner_id"])

    def test_arrears_officer_sees_hires_of_own_agency_on_cases(self):
        Hire = self.env["housing.insertion.hire"].with_user(self.officer)
        self.assertEqual(Hire.search([]), self.hire, "the tenant of the other agency is not visible")
        self.assertEqual(self.hire.with_user(self.officer).contract_kind, "cddi")
        with self.assertRaises(AccessError):
            self.hire_other.with_user(self.officer).read(["contract_kind"])
        with self.assertRaises(AccessError):
            self.hire.with_user(self.officer).write({"outcome": "training"})
        with self.assertRaises(AccessError):
            self.candidate.with_user(self.officer).read(["eligibility_category"])
        with self.assertRaises(AccessError):
            self.hours.with_user(self.officer).read(["hours"])
        with self.assertRaises(AccessError):
            self.env["housing.insertion.hours.report"].with_user(self.officer).search([])
        Hire_other = self.env["housing.insertion.hire"].with_user(self.officer_other)
        self.assertEqual(Hire_other.search([]), self.hire_other)
        # a back-office reader sees neither
        with self.assertRaises(AccessError):
            self.env["housing.insertion.hire"].with_user(self.reader).search([])

    def test_portal_supplier_sees_nothing(self):
        self.order.message_subscribe(self.portal_supplier.partner_id.ids)
        order = self.order.with_user(self.portal_supplier)
        self.assertEqual(order.read(["name"])[0]["name"], self.order.name, "its own order")
        with self.assertRaises(AccessError):
            order.read(["insertion_clause_id"])
        with self.assertRaises(AccessError):
            order.read(["insertion_hours_done"])
        for model in (
            "housing.insertion.clause",
            "housing.insertion.candidate",
            "housing.insertion.hire",
            "housing.insertion.hours",
            "housing.insertion.hours.report",
            "housing.insertion.debt.report",
        ):
            with self.assertRaises(AccessError, msg=model):
                self.env[model].with_user(self.portal_supplier).search([])
        with self.assertRaises(AccessError):
            self.candidate.with_user(self.portal_supplier).read(["name"])

    def test_insertion_officer_opens_the_order_of_a_clause(self):
        """The insertion officer opens the purchase order of a clause (its form, as the web client reads it) even
        when it is billed: no access error on the accounting he has no right to."""
        self.order.button_confirm()
        self.order.order_line.qty_received = 1
        self.order.action_create_invoice()
        self.assertTrue(self.order.invoice_ids)
        order = self.order.with_user(self.insertion_officer)
        self.env.invalidate_all()
        form = Form(order)
        self.assertEqual(form.partner_id, self.supplier)
        self.assertEqual(form.insertion_clause_id, self.clause)
        with self.assertRaises(AccessError):
            self.order.invoice_ids.with_user(self.insertion_officer).read(["amount_total"])
