from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import HousingCesfCommon


@tagged("post_install", "-at_install")
class TestBudget(HousingCesfCommon):
    """A worked example: a couple with two children aged 15 and 10.

    Resources: wages 1 500, family benefits 150, housing benefit 250 (total 1 900; income 1 650).
    Charges: rent 550, recoverable charges 100, energy 90, insurance 20, telephone 40, transport 60 (total 860).
    Taux d'effort = (550 + 100 - 250) / 1 650 = 24.24 %.
    Balance = 1 900 - 860 = 1 040 a month. OECD units = 1 + 0.5 + 0.5 + 0.3 = 2.3:
    reste à vivre = 452.17 per unit per month, 15.07 per unit per day (1 040 / 2.3 / 30)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.followup = cls.Followup.with_user(cls.cesf_user).create(
            {
                "partner_id": cls.tenant_plain.id,
                "lease_id": cls.lease_plain.id,
                "followup_type": "arrears",
                "origin": "account_manager",
            }
        )
        cls.Evaluation = cls.env["housing.budget.evaluation"].with_user(cls.cesf_user)

    def _evaluate(self, **vals):
        return self.Evaluation.create(
            {
                "followup_id": self.followup.id,
                "line_ids": self.budget_lines(
                    wages=1500,
                    family=150,
                    housing_benefit=250,
                    rent=550,
                    service_charges=100,
                    energy=90,
                    insurance=20,
                    phone=40,
                    transport=60,
                ),
                **vals,
            }
        )

    def test_unit_scales(self):
        units = self.env["housing.budget.evaluation"]._get_units
        # persons, under 18, under 14
        self.assertAlmostEqual(units("oecd", 1, 0, 0), 1.0)
        self.assertAlmostEqual(units("oecd", 2, 0, 0), 1.5)
        self.assertAlmostEqual(units("oecd", 4, 2, 1), 2.3)
        self.assertAlmostEqual(units("oecd", 3, 2, 2), 1.6)
        self.assertAlmostEqual(units("parts", 1, 0, 0), 1.0)
        self.assertAlmostEqual(units("parts", 2, 0, 0), 2.0)
        self.assertAlmostEqual(units("parts", 2, 1, 1), 2.5, msg="single parent with a child: 2.5 parts")
        self.assertAlmostEqual(units("parts", 3, 1, 1), 3.0, msg="couple with a child: 3 parts")
        self.assertAlmostEqual(units("persons", 4, 2, 1), 4.0)
        self.assertEqual(units("oecd", 0, 0, 0), 0.0)

    def test_worked_example(self):
        self.set_members(self.followup, ["25_64", "25_64", "14_17", "under_14"])
        evaluation = self._evaluate()
        self.assertEqual((evaluation.person_count, evaluation.minor_count, evaluation.under_14_count), (4, 2, 1))
        self.assertEqual(evaluation.unit_scale, "oecd", "the company's default scale")
        self.assertAlmostEqual(evaluation.units, 2.3)
        self.assertAlmostEqual(evaluation.resource_total, 1900.0)
        self.assertAlmostEqual(evaluation.income_amount, 1650.0)
        self.assertAlmostEqual(evaluation.charge_total, 860.0)
        self.assertAlmostEqual(evaluation.housing_cost, 650.0)
        self.assertAlmostEqual(evaluation.net_housing_cost, 400.0)
        self.assertAlmostEqual(evaluation.effort_rate, 24.24)
        self.assertAlmostEqual(evaluation.balance_amount, 1040.0)
        self.assertAlmostEqual(evaluation.rav_month_unit, 452.17)
        self.assertAlmostEqual(evaluation.rav_day_unit, 15.07)
        self.assertEqual((evaluation.rav_threshold, evaluation.effort_threshold), (12.0, 30.0), "settings")
        self.assertFalse(evaluation.effort_above_threshold)
        self.assertFalse(evaluation.rav_below_threshold)
        # the same budget counted in persons: 1 040 / 4 = 260 a month, 8.67 a day, below 12
        evaluation.unit_scale = "persons"
        self.assertAlmostEqual(evaluation.units, 4.0)
        self.assertAlmostEqual(evaluation.rav_month_unit, 260.0)
        self.assertAlmostEqual(evaluation.rav_day_unit, 8.67)
        self.assertTrue(evaluation.rav_below_threshold)
        # a funder's stricter ceiling flags the taux d'effort
        evaluation.effort_threshold = 20.0
        self.assertTrue(evaluation.effort_above_threshold)
        # the latest evaluation shows on the follow-up
        self.assertEqual(self.followup.latest_evaluation_id, evaluation)
        self.assertAlmostEqual(self.followup.latest_effort_rate, 24.24)

    def test_single_parent(self):
        self.set_members(self.followup, ["25_64", "14_17", "under_14"])
        evaluation = self._evaluate()
        self.assertAlmostEqual(evaluation.units, 1.8)
        self.assertAlmostEqual(evaluation.rav_month_unit, 577.78)
        evaluation.unit_scale = "parts"
        self.assertAlmostEqual(evaluation.units, 3.5)
        self.assertAlmostEqual(evaluation.rav_month_unit, 297.14)
        evaluation.unit_scale = "persons"
        self.assertAlmostEqual(evaluation.units, 3.0)

    def test_settings_and_snapshot(self):
        self.company.write({"housing_cesf_unit_scale": "parts", "housing_cesf_rav_threshold": 10.0})
        self.set_members(self.followup, ["25_64"])
        evaluation = self._evaluate()
        self.assertEqual(evaluation.unit_scale, "parts")
        self.assertEqual(evaluation.rav_threshold, 10.0)
        # the household grows: the old evaluation keeps its composition, a new one counts the newcomer
        self.followup.member_ids = [Command.create({"name": "Bébé", "relationship": "child", "age_band": "under_14"})]
        self.assertEqual(evaluation.person_count, 1)
        later = self._evaluate(date=date(2099, 1, 1))
        self.assertEqual(later.person_count, 2)
        self.assertEqual(self.followup.latest_evaluation_id, later)
        with self.assertRaises(ValidationError):
            self.company.housing_cesf_effort_threshold = 150.0

    def test_no_taux_d_effort_without_income(self):
        evaluation = self.Evaluation.create(
            {"followup_id": self.followup.id, "line_ids": self.budget_lines(housing_benefit=300, rent=550)}
        )
        self.assertEqual(evaluation.income_amount, 0.0)
        self.assertEqual(evaluation.effort_rate, 0.0)
        self.assertTrue(evaluation.effort_above_threshold, "rent to pay and no income")
        self.assertTrue(evaluation.rav_below_threshold)

    def test_lines_from_the_lease(self):
        followup = self.create_followup(partner_id=self.tenant_apl.id, lease_id=self.lease_apl.id)
        evaluation = self.Evaluation.create({"followup_id": followup.id})
        amounts = {line.category_id: line.amount for line in evaluation.line_ids}
        self.assertEqual(
            amounts,
            {self.cat["rent"]: 420.0, self.cat["service_charges"]: 50.0, self.cat["housing_benefit"]: 200.0},
            "rent after the RLS, charges and housing benefit of the lease",
        )
        self.assertAlmostEqual(evaluation.net_housing_cost, 270.0, msg="the tenant share of the lease")

    def test_bad_input(self):
        self.set_members(self.followup, ["25_64"])
        # a budget line with a negative amount
        with self.assertRaises(ValidationError):
            self.Evaluation.create({"followup_id": self.followup.id, "line_ids": self.budget_lines(wages=-10)})
        self.assertFalse(self.env["housing.budget.evaluation"].search([("followup_id", "=", self.followup.id)]))
        evaluation = self._evaluate()
        with self.assertRaises(ValidationError):
            evaluation.line_ids[0].amount = -1.0
        self.assertEqual(evaluation.line_ids[0].amount, 1500.0)
        # a household with no member
        with self.assertRaises(ValidationError):
            self.Evaluation.create({"followup_id": self.followup.id, "person_count": 0})
        with self.assertRaises(ValidationError):
            evaluation.write({"minor_count": 3})
        # an evaluation of a follow-up the user may not read: the CESF of the other agency, an officer
        for user in (self.cesf_other, self.officer, self.accountant):
            with self.assertRaises(AccessError) as error:
                self.env["housing.budget.evaluation"].with_user(user).create({"followup_id": self.followup.id})
            self.assertIn("budget", str(error.exception))
        self.assertEqual(self.followup.evaluation_ids, evaluation)

    def test_form_and_report(self):
        self.set_members(self.followup, ["25_64", "25_64", "14_17", "under_14"])
        with Form(self.Evaluation.with_context(default_followup_id=self.followup.id)) as form:
            with form.resource_line_ids.new() as line:
                line.category_id = self.cat["wages"]
                line.amount = 1650.0
            with form.charge_line_ids.new() as line:
                line.category_id = self.cat["rent"]
                line.amount = 400.0
        evaluation = form.record
        self.assertAlmostEqual(evaluation.effort_rate, 24.24)
        html = (
            self.env["ir.actions.report"]
            .with_user(self.cesf_user)
            ._render_qweb_html("housing_cesf.report_budget_evaluation", evaluation.ids)[0]
            .decode()
        )
        self.assertIn("Évaluation budgétaire", html)
        self.assertIn("Reste à vivre", html)
        self.assertIn("24,24", html)
        action = evaluation.action_print()
        self.assertEqual(action["report_name"], "housing_cesf.report_budget_evaluation")
