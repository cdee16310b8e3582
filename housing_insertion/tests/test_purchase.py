from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import HousingInsertionCommon


@tagged("post_install", "-at_install")
class TestClauseThreshold(HousingInsertionCommon):
    """Above the company's threshold, confirming an order without a clause asks for the reason and records it."""

    def test_default_threshold(self):
        self.assertEqual(self.company.housing_insertion_threshold, 221000.0)
        self.assertTrue(self.order.insertion_clause_required)

    def test_confirm_without_clause_asks_the_reason(self):
        action = self.order.button_confirm()
        self.assertIsInstance(action, dict)
        self.assertEqual(action["res_model"], "purchase.order.insertion.waiver")
        self.assertEqual(self.order.state, "draft", "not confirmed before the reason is given")
        wizard = Form(self.env[action["res_model"]].with_context(**action["context"]))
        wizard.reason = "   "
        wizard = wizard.save()
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertEqual(self.order.state, "draft")
        self.assertFalse(self.order.insertion_waiver_reason)
        wizard.reason = "Marché réservé à une entreprise adaptée (L.2113-12)."
        wizard.action_confirm()
        self.assertEqual(self.order.state, "purchase")
        self.assertEqual(self.order.insertion_waiver_reason, "Marché réservé à une entreprise adaptée (L.2113-12).")
        bodies = "".join(self.order.message_ids.mapped("body"))
        self.assertIn("Marché réservé", bodies)
        self.assertIn("221", bodies, "the threshold is recalled in the chatter")

    def test_confirm_with_clause_or_below_threshold(self):
        self._create_clause(self.order)
        self.assertIs(self.order.button_confirm(), True)
        self.assertEqual(self.order.state, "purchase")
        small = self._create_order(self.supplier, 220999.0)
        self.assertFalse(small.insertion_clause_required)
        self.assertIs(small.button_confirm(), True)
        self.assertEqual(small.state, "purchase")

    def test_several_orders_at_once(self):
        small = self._create_order(self.supplier, 1000.0)
        orders = self.order | small
        action = orders.button_confirm()
        self.assertEqual(action["context"]["default_order_ids"], self.order.ids, "only the order lacking a clause")
        wizard = self.env[action["res_model"]].with_context(**action["context"]).create({"reason": "Urgence"})
        wizard.action_confirm()
        self.assertEqual(set(orders.mapped("state")), {"purchase"})
        self.assertFalse(small.insertion_waiver_reason)

    def test_threshold_zero_disables_the_check(self):
        self.company.housing_insertion_threshold = 0.0
        self.assertIs(self.order.button_confirm(), True)
        self.assertEqual(self.order.state, "purchase")


@tagged("post_install", "-at_install")
class TestInsertionStructures(HousingInsertionCommon):
    def test_expired_agreement_flagged_on_new_orders(self):
        # agreement valid until 31 December 2026: an order of January 2026 is fine
        order = self._create_order(self.structure, 5000.0)
        self.assertFalse(order.insertion_agreement_expired)
        # an order placed after it ended is flagged, not blocked
        late = self._create_order(self.structure, 5000.0, date_order="2027-01-04 10:00:00")
        self.assertTrue(late.insertion_agreement_expired)
        self.assertIs(late.button_confirm(), True)
        self.assertEqual(late.state, "purchase")
        # renewing the agreement does not rewrite the flag of past orders; new orders are fine again
        self.structure.insertion_agreement_date_end = date(2029, 12, 31)
        self.assertTrue(late.insertion_agreement_expired)
        renewed = self._create_order(self.structure, 5000.0, date_order="2027-01-05 10:00:00")
        self.assertFalse(renewed.insertion_agreement_expired)

    def test_not_a_structure_never_flagged(self):
        self.supplier.insertion_agreement_date_end = date(2020, 1, 1)
        order = self._create_order(self.supplier, 5000.0)
        self.assertFalse(order.insertion_agreement_expired)

    def test_flag_follows_the_partner_on_the_form(self):
        with Form(self.env["purchase.order"]) as form:
            form.partner_id = self.structure
            form.date_order = "2027-02-01 10:00:00"
            self.assertTrue(form.insertion_agreement_expired)
            form.partner_id = self.supplier
            self.assertFalse(form.insertion_agreement_expired)
            form.partner_id = self.structure
        self.structure.invalidate_recordset()

    def test_contact_of_a_structure_inherits_its_kind(self):
        contact = self.env["res.partner"].create({"name": "Chef de chantier", "parent_id": self.structure.id})
        self.assertEqual(contact.insertion_structure_kind, "ei")
        order = self._create_order(contact, 5000.0, date_order="2027-01-04 10:00:00")
        self.assertTrue(order.insertion_agreement_expired)

    def test_agreement_dates(self):
        with self.assertRaises(ValidationError):
            self.structure.insertion_agreement_date_end = date(2023, 1, 1)


@tagged("post_install", "-at_install")
class TestMaintenanceOrders(HousingInsertionCommon):
    def test_request_to_order_keeps_the_dwelling(self):
        self.env["maintenance.team"].sudo().create({"name": "Équipe patrimoine", "company_id": self.company.id})
        request = self.env["maintenance.request"].create(
            {"name": "Fuite en toiture, bâtiment A", "housing_unit_id": self.unit_a.id}
        )
        self.assertEqual(request.housing_residence_id, self.residence)
        action = request.action_create_purchase_order()
        with Form(self.env["purchase.order"].with_context(**action["context"])) as form:
            form.partner_id = self.supplier
            with form.order_line.new() as line:
                line.product_id = self.product
                line.price_unit = 12000.0
                line.insertion_clause_work = True
        order = form.record
        self.assertEqual(order.maintenance_request_id, request)
        self.assertEqual(order.housing_unit_id, self.unit_a)
        self.assertEqual(order.housing_residence_id, self.residence)
        self.assertEqual(order.origin, request.name)
        self.assertEqual(request.purchase_order_count, 1)
        self.assertTrue(order.order_line.insertion_clause_work)
        # an existing order linked afterwards takes the dwelling too
        self.order.maintenance_request_id = request
        self.assertEqual(self.order.housing_unit_id, self.unit_a)
        self.assertEqual(request.purchase_order_count, 2)
        self.assertEqual(request.action_view_purchase_orders()["domain"], [("maintenance_request_id", "=", request.id)])
