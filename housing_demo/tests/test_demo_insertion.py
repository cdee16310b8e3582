import random
from datetime import date

from odoo.tests import tagged

from odoo.addons.housing_insertion.tests.common import HousingInsertionCommon

from .common import skip_unless_installed


@tagged("post_install", "-at_install")
@skip_unless_installed("housing.insertion.clause")
class TestDemoGenerator(HousingInsertionCommon):
    def test_post_generate_adds_insertion_records(self):
        base = {
            "company": self.company,
            "agency": self.agency,
            "units": self.unit_a | self.unit_b | self.unit_c,
            "leases": self.lease_apl | self.lease_plain,
            "cases": self.env["housing.arrears.case"],
            "users": {},
            "today": date(2026, 11, 23),
        }
        result = self.env["housing.demo.portfolio"]._post_generate(random.Random(7), dict(base))
        clauses = result["insertion_clauses"]
        self.assertEqual(len(clauses), 3)
        self.assertEqual(set(clauses.order_id.mapped("state")), {"purchase"})
        self.assertTrue(all(clauses.mapped("target_hours")))
        self.assertEqual(len(result["insertion_candidates"]), 2)
        self.assertTrue(result["insertion_hires"])
        self.assertTrue(sum(clauses.mapped("hours_done")) > 0)
        suppliers = result["insertion_suppliers"]
        self.assertTrue(suppliers.filtered("insertion_structure_kind"))
        expired = self.env["purchase.order"].search(
            [("partner_id", "in", suppliers.ids), ("insertion_agreement_expired", "=", True)]
        )
        self.assertEqual(len(expired), 1, "the order with the structure whose agreement has expired")
        # deterministic for a seed
        again = self.env["housing.demo.portfolio"]._post_generate(random.Random(7), dict(base))
        self.assertEqual(again["insertion_clauses"].mapped("target_hours"), clauses.mapped("target_hours"))
