from datetime import date

from odoo.tests import tagged

from .common import HousingCollectionCommon


@tagged("post_install", "-at_install")
class TestCollectionDemo(HousingCollectionCommon):
    """The demo of the collection on a portfolio: mandates on half of the leases, the debit orders sent, a bank
    statement imported and matched, one rejected debit whose case opens at night."""

    def test_demo(self):
        self.run_rent_call(date(2026, 1, 1))
        result = self.env["housing.collection.demo"]._generate(seed=3)
        leases = self.env["housing.lease"].search([("company_id", "=", self.company.id), ("state", "=", "active")])
        self.assertEqual(len(result["mandates"]), (len(leases) + 1) // 2)
        self.assertTrue(result["orders"])
        self.assertEqual(set(result["orders"].mapped("state")), {"uploaded"})
        statement = result["statement"]
        self.assertTrue(statement.line_ids.filtered("is_reconciled"))
        self.assertTrue(statement.line_ids.filtered(lambda line: line.housing_match_rule == "benefit_payer"))
        payment_return = result["payment_return"]
        self.assertEqual(payment_return.state, "done")
        case = result["case"]
        self.assertTrue(case)
        self.assertEqual(case.housing_return_reason_id.code, "AM04")
        self.assertEqual(case.lease_id, payment_return.line_ids.housing_lease_id)
