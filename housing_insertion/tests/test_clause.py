from datetime import date

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from ..models.housing_insertion_clause import insertion_hours
from .common import HousingInsertionCommon


@tagged("post_install", "-at_install")
class TestClauseFormula(HousingInsertionCommon):
    def test_formula_of_the_brief(self):
        """1,000,000 EUR x 50 % x 5 % / 30 EUR = 833.33 h, rounded to the nearest whole hour: 833 h."""
        self.assertEqual(insertion_hours(1000000, 50, 5, 30), 833)
        clause = self._create_clause(self.order, mode="share", labour_share=50.0, insertion_rate=5.0, hourly_cost=30.0)
        self.assertEqual(clause.amount_basis, 1000000.0)
        self.assertEqual(clause.target_hours, 833.0, "the formula wins over a typed target in share mode")

    def test_rounding_half_up_to_the_hour(self):
        # 10,010 x 50 % x 10 % / 1 = 500.5 -> 501; 10,008 -> 500.4 -> 500
        self.assertEqual(insertion_hours(10010, 50, 10, 1), 501)
        self.assertEqual(insertion_hours(10008, 50, 10, 1), 500)
        self.assertEqual(insertion_hours(1000000, 50, 5, 0), 0, "no hourly cost, no hours")

    def test_basis_is_the_flagged_works(self):
        self.order.order_line = [
            Command.create(
                {"product_id": self.product.id, "name": "Ravalement", "product_qty": 1, "price_unit": 200000.0}
            )
        ]
        clause = self._create_clause(self.order, mode="share", labour_share=50.0, insertion_rate=5.0, hourly_cost=30.0)
        self.assertEqual(clause.amount_basis, 1200000.0, "no line flagged: the whole order")
        self.assertEqual(clause.target_hours, 1000.0)
        self.order.order_line[1].insertion_clause_work = True
        self.assertEqual(clause.amount_basis, 200000.0)
        self.assertEqual(clause.target_hours, 167.0, "200,000 x 50 % x 5 % / 30 = 166.67")

    def test_hours_mode_keeps_the_typed_target(self):
        clause = self._create_clause(self.order, target_hours=450.0)
        self.assertEqual(clause.target_hours, 450.0)
        clause.hourly_cost = 30.0
        self.assertEqual(clause.target_hours, 450.0)

    def test_form_from_the_order(self):
        action = self.order.action_add_insertion_clause()
        self.assertEqual(action["res_model"], "housing.insertion.clause")
        form = Form(self.env["housing.insertion.clause"].with_context(**action["context"]))
        form.mode = "share"
        form.labour_share = 50.0
        form.insertion_rate = 5.0
        form.hourly_cost = 30.0
        self.assertEqual(form.target_hours, 833.0)
        form.facilitator_id = self.facilitator
        form.date_end = date(2026, 12, 31)
        clause = form.save()
        self.assertEqual(self.order.insertion_clause_id, clause)
        self.assertEqual(self.order.insertion_target_hours, 833.0)
        self.assertEqual(self.order.action_add_insertion_clause()["res_id"], clause.id, "one clause per order")

    def test_one_clause_per_order(self):
        self._create_clause(self.order)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self._create_clause(self.order)


@tagged("post_install", "-at_install")
class TestClauseBadInput(HousingInsertionCommon):
    def _assert_refused(self, **vals):
        Clause = self.env["housing.insertion.clause"]
        before = Clause.search_count([])
        with self.assertRaises(ValidationError) as error:
            self._create_clause(self.order, **vals)
        self.assertEqual(Clause.search_count([]), before, "nothing written")
        return str(error.exception)

    def test_negative_target_hours(self):
        self.assertIn("l'objectif d'heures ne peut pas être négatif", self._assert_refused(target_hours=-10.0))

    def test_rates_out_of_range(self):
        self._assert_refused(mode="share", labour_share=150.0, insertion_rate=5.0, hourly_cost=30.0)
        self._assert_refused(mode="share", labour_share=50.0, insertion_rate=-5.0, hourly_cost=30.0)
        self._assert_refused(mode="share", labour_share=50.0, insertion_rate=5.0, hourly_cost=-30.0)
        self._assert_refused(mode="share", labour_share=50.0, insertion_rate=5.0, hourly_cost=0.0)
        self._assert_refused(penalty_per_hour=-1.0)

    def test_clause_without_facilitator(self):
        self.assertIn("demande son facilitateur", self._assert_refused(facilitator_id=False))
        clause = self._create_clause(self.order)
        with self.assertRaises(ValidationError):
            clause.facilitator_id = False
        self.assertEqual(clause.facilitator_id, self.facilitator)

    def test_period(self):
        self._assert_refused(date_end=False)
        self.assertIn("ne peut pas finir avant de commencer", self._assert_refused(date_end=date(2025, 12, 31)))


@tagged("post_install", "-at_install")
class TestCompletionAndPenalty(HousingInsertionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clause = cls._create_clause(cls.order, target_hours=600.0, penalty_per_hour=40.0)
        cls.candidate = cls._create_candidate(cls.lease_plain)
        cls.hire = cls._create_hire(cls.candidate, cls.clause)

    def test_completion_from_the_monthly_hours(self):
        self.assertEqual(self.clause.hours_done, 0.0)
        self.assertEqual(self.clause.hours_owed, 600.0)
        self._declare(self.hire, date(2026, 2, 1), 120.0)
        self._declare(self.hire, date(2026, 3, 15), 130.0)
        self.assertEqual(self.hire.hours_done, 250.0)
        self.assertEqual(self.clause.hours_done, 250.0)
        self.assertEqual(self.clause.completion_rate, 41.7, "250 / 600, to one decimal")
        self.assertEqual(self.clause.hours_owed, 350.0)
        self.assertEqual(self.order.insertion_hours_done, 250.0, "the order shows the clause figures")
        self.assertEqual(self.clause.hire_count, 1)
        # a second person hired by the supplier itself counts too
        other = self._create_candidate(self.lease_apl)
        hire = self._create_hire(other, self.clause, employer_id=self.supplier.id, contract_kind="cdd")
        self._declare(hire, date(2026, 3, 1), 100.0)
        self.assertEqual(self.clause.hours_done, 350.0)
        # correcting a month updates the figures
        hire.hours_ids.hours = 50.0
        self.assertEqual(self.clause.hours_done, 300.0)
        self.assertEqual(self.clause.hours_owed, 300.0)

    def test_hours_beyond_the_target(self):
        clause = self._create_clause(self._create_order(self.supplier, 50000.0), target_hours=100.0)
        hire = self._create_hire(self._create_candidate(self.lease_apl), clause)
        self._declare(hire, date(2026, 2, 1), 140.0)
        self.assertEqual(clause.completion_rate, 140.0)
        self.assertEqual(clause.hours_owed, 0.0, "never negative")

    def test_penalty_at_closing(self):
        self._declare(self.hire, date(2026, 2, 1), 120.0)
        self._declare(self.hire, date(2026, 3, 1), 130.5)
        self.clause.action_close()
        self.assertEqual(self.clause.state, "closed")
        self.assertEqual(self.clause.missing_hours, 349.5)
        self.assertEqual(self.clause.penalty_amount, 13980.0, "349.5 missing hours x 40 EUR")
        self.assertIn("13", self.clause.message_ids[0].body)
        # frozen once closed
        with self.assertRaises(UserError):
            self.clause.target_hours = 100.0
        with self.assertRaises(UserError):
            self._declare(self.hire, date(2026, 4, 1), 10.0)
        with self.assertRaises(UserError):
            self.hire.hours_ids[:1].hours = 151.0
        with self.assertRaises(UserError):
            self.clause.action_close()
        self.assertEqual(self.clause.hours_done, 250.5)
        # reopened, it can be completed and closed again without penalty
        self.clause.action_reopen()
        self.assertEqual(self.clause.penalty_amount, 0.0)
        self.clause.target_hours = 250.5
        self.clause.action_close()
        self.assertEqual(self.clause.penalty_amount, 0.0)

    def test_clause_with_hires_cannot_be_deleted(self):
        with self.assertRaises(UserError):
            self.clause.unlink()
        with self.assertRaises(UserError):
            self.order.button_cancel()
            self.order.unlink()
        self.assertTrue(self.clause.exists())
