from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import Form, tagged

from odoo.addons.housing_insertion.tests.common import HousingInsertionCommon


@tagged("post_install", "-at_install")
class TestSuiteStory(HousingInsertionCommon):
    """The suite end to end, each step done by the person whose job it is: Marc Durand stops paying his rent, the
    nightly action opens his case, the arrears officer refers the household to the CESF, who evaluates the budget,
    asks the FSL and, with Marc's consent, refers him for employment; the facilitator places him with the insertion
    company working on a maintenance order carrying a clause, his hours raise the clause's completion, the case
    shows the hire, a repayment plan is signed and kept, and the case closes as settled amicably."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cesf_user.groups_id |= cls.env.ref("housing_cesf.group_cesf")
        cls.lease = cls.lease_plain  # 600 rent + 80 charges, no housing benefit: 680 a month
        cls.tenant = cls.tenant_plain
        cls.painting = cls.env.ref("housing_insertion.trade_painting")
        cls.fsl = cls.env["res.partner"].create({"name": "FSL de l'Isère", "is_company": True})

    def run_cron(self, xmlid, day):
        with freeze_time(day):
            self.env.ref(xmlid).sudo().method_direct_trigger()

    def test_story(self):
        officer, cesf, insertion = self.officer, self.cesf_user, self.insertion_officer

        # January: the rent is called and stays unpaid; the nightly action opens the case in the prevention pole
        january = self.tenant_invoice(self.run_rent_call(date(2026, 1, 1)), self.lease)
        self.assertEqual(january.amount_total, 680.0)
        self.detect("2026-01-14")
        self.assertFalse(self.case_of(self.lease), "not before the grace days after the due date")
        self.detect("2026-01-16")
        case = self.case_of(self.lease)
        self.assertEqual(len(case), 1)
        self.assertRecordValues(
            case, [{"partner_id": self.tenant.id, "debt_amount": 680.0, "pole": "prevention", "is_closed": False}]
        )

        # the arrears officer calls, then refers the household to the CESF of the sector
        with freeze_time("2026-01-19 10:00:00"):
            self.env["housing.arrears.contact"].with_user(officer).create(
                {"case_id": case.id, "channel": "phone", "outcome": "reached", "note": "Perte d'emploi en décembre"}
            )
            action = case.with_user(officer).action_refer_to_cesf()
        followup = self.env["housing.cesf.followup"].with_user(cesf).browse(action["res_id"])
        self.assertRecordValues(
            followup,
            [{"partner_id": self.tenant.id, "origin": "arrears_case", "origin_case_id": case.id, "user_id": cesf.id}],
        )
        self.assertIn("Perte d'emploi", followup.note, "the CESF gets the context of the case")

        # the CESF evaluates the budget: without the lost wages, the rent weighs too much
        category = {
            name: self.env.ref(f"housing_cesf.budget_category_{name}")
            for name in ("replacement", "rent", "service_charges")
        }
        evaluation = (
            self.env["housing.budget.evaluation"]
            .with_user(cesf)
            .create(
                {
                    "followup_id": followup.id,
                    "line_ids": [
                        Command.create({"category_id": category["replacement"].id, "amount": 1100.0}),
                        Command.create({"category_id": category["rent"].id, "amount": 600.0}),
                        Command.create({"category_id": category["service_charges"].id, "amount": 80.0}),
                    ],
                }
            )
        )
        self.assertAlmostEqual(evaluation.net_housing_cost, 680.0)
        self.assertTrue(evaluation.effort_above_threshold, "680 on 1,100 of resources is above the 30 % rate")
        self.assertEqual(followup.latest_evaluation_id, evaluation)

        # she asks the FSL to pay part of the debt; it grants 300, paid to the landlord
        aid = (
            self.env["housing.aid.request"]
            .with_user(cesf)
            .create(
                {
                    "followup_id": followup.id,
                    "partner_id": self.tenant.id,
                    "lease_id": self.lease.id,
                    "case_id": case.id,
                    "scheme": "fsl_maintenance",
                    "funder_id": self.fsl.id,
                    "amount_requested": 680.0,
                    "date_submitted": date(2026, 1, 26),
                }
            )
        )
        aid.action_submit()
        aid.write({"state": "granted", "decision_date": date(2026, 2, 12), "grant_amount": 300.0})
        self.assertEqual(aid.amount_granted, 300.0)
        # the request is content of the follow-up, hidden from the officer; the case shows the amount granted
        self.assertFalse(case.with_user(officer).aid_request_ids)
        self.assertEqual(case.with_user(officer).aid_granted_amount, 300.0)
        self.pay(january, amount=300.0, pay_date=date(2026, 2, 16))

        # Marc consents to be referred for employment: the candidate gets the minimum data, nothing of the follow-up
        with freeze_time("2026-01-30"):
            action = followup.action_refer_for_employment()
            form = Form(self.env[action["res_model"]].with_user(cesf).with_context(**action["context"]))
            form.consent_date = date(2026, 1, 30)
            form.consent_scope = "facilitator"
            form.eligibility_category = "minimum_income"
            form.trade_ids.add(self.painting)
            form.facilitator_id = self.facilitator
            action = form.save().action_refer()
        candidate = self.env["housing.insertion.candidate"].with_user(insertion).browse(action["res_id"])
        self.assertRecordValues(
            candidate,
            [{"partner_id": self.tenant.id, "lease_id": self.lease.id, "state": "referred", "note": False}],
        )
        with freeze_time("2026-02-02"):
            candidate.action_send_to_facilitator()
        self.assertRecordValues(candidate, [{"state": "sent", "date_sent": date(2026, 2, 2)}])

        # the maintenance order of the residence carries an insertion clause of 833 hours
        order = self.order.with_user(self.buyer)
        order.housing_residence_id = self.residence
        clause = self._create_clause(
            self.order, mode="share", labour_share=50.0, insertion_rate=5.0, hourly_cost=30.0
        ).with_user(insertion)
        self.assertEqual(clause.target_hours, 833.0)
        order.button_confirm()
        self.assertEqual(order.state, "purchase")
        self.assertEqual((clause.hours_done, clause.completion_rate), (0.0, 0.0))

        # the facilitator places him with the insertion company; he declares his hours month by month
        with freeze_time("2026-02-16"):
            hire = (
                self.env["housing.insertion.hire"]
                .with_user(insertion)
                .create(
                    {
                        "candidate_id": candidate.id,
                        "clause_id": clause.id,
                        "employer_id": self.structure.id,
                        "contract_kind": "cddi",
                        "date_start": date(2026, 2, 16),
                        "date_end": date(2026, 8, 15),
                    }
                )
            )
        self.assertEqual(candidate.state, "hired")
        completion = []
        for month, hours in ((date(2026, 2, 1), 60.0), (date(2026, 3, 1), 120.0), (date(2026, 4, 1), 120.0)):
            self.env["housing.insertion.hours"].with_user(insertion).create(
                {"hire_id": hire.id, "month": month, "hours": hours}
            )
            completion.append(clause.completion_rate)
        self.assertEqual(clause.hours_done, 300.0)
        self.assertEqual(clause.hours_owed, 533.0)
        self.assertEqual(completion, sorted(set(completion)), "the completion rises with every month declared")
        self.assertAlmostEqual(completion[-1], 300.0 / 833.0 * 100.0, places=1)
        self.assertEqual(self.order.insertion_hours_done, 300.0)
        # the arrears officer and the CESF see on their records that the household they referred got the job
        self.assertEqual(case.with_user(officer).insertion_hire_ids, hire)
        self.assertEqual(case.with_user(officer).insertion_hire_count, 1)

        # February's rent is paid with the first wages; the rest of January's (380) goes into a plan backed by
        # the FSL, billed with the rent of March and April
        february = self.tenant_invoice(self.run_rent_call(date(2026, 2, 1)), self.lease)
        self.pay(february, pay_date=date(2026, 2, 27))
        self.detect("2026-02-28")
        self.assertEqual(case.debt_amount, 380.0)
        with freeze_time("2026-02-28"):
            plan = (
                self.env["housing.repayment.plan"]
                .with_user(officer)
                .create(
                    {
                        "case_id": case.id,
                        "kind": "fsl",
                        "debt_amount": 380.0,
                        "start_month": date(2026, 3, 1),
                        "instalment_count": 2,
                        "signature_date": date(2026, 2, 28),
                    }
                )
            )
            plan.action_sign()
        self.assertEqual(plan.state, "active")
        self.assertEqual(plan.line_ids.mapped("amount"), [190.0, 190.0])
        self.assertEqual(case.stage_id, self.env.ref("housing_arrears.stage_plan"))
        for period, paid_on in ((date(2026, 3, 1), date(2026, 3, 9)), (date(2026, 4, 1), date(2026, 4, 8))):
            notice = self.tenant_invoice(self.run_rent_call(period), self.lease)
            self.assertEqual(notice.amount_total, 680.0 + 190.0, "one notice: the rent and the instalment")
            self.pay(notice, pay_date=paid_on)
            self.run_cron("housing_arrears.ir_cron_monitor_plans", paid_on.replace(day=16))
        self.assertEqual(plan.state, "kept")
        self.assertEqual(plan.line_ids.mapped("state"), ["paid", "paid"])

        # the next night, the cleared case closes as settled amicably
        self.detect("2026-04-17")
        self.assertEqual(case.debt_amount, 0.0)
        self.assertTrue(case.is_closed)
        self.assertTrue(case.settled_amicably)
        self.assertFalse(self.case_of(self.lease))
        # the debt report compares the household's debt at the hire (January and February due, less the FSL's 300
        # paid that day) with today's
        row = self.env["housing.insertion.debt.report"].with_user(officer).search([("hire_id", "=", hire.id)])
        self.assertEqual((row.debt_before, row.debt_now, row.debt_change), (1060.0, 0.0, -1060.0))


@tagged("post_install", "-at_install")
class TestSuiteApplication(HousingInsertionCommon):
    def test_one_application_gathers_the_three_addons(self):
        root = self.env.ref("housing_arrears.housing_root_menu")
        self.assertEqual(root.web_icon, "housing_social,static/description/icon.png")
        self.assertEqual(root.with_context(lang="fr_FR").name, "Logement social")
        sections = [
            self.env.ref(xmlid)
            for xmlid in (
                "housing_arrears.housing_arrears_menu",
                "housing_cesf.housing_cesf_menu",
                "housing_insertion.housing_insertion_menu",
            )
        ]
        self.assertTrue(all(section.parent_id == root for section in sections))
        self.assertEqual(root.child_id.sorted()[:3].ids, [section.id for section in sections])
        # each job sees the application and its own section
        cesf = self._create_user("cesf_only", "Carole CESF", "housing_cesf.group_cesf", self.agency)
        for user, section in ((self.officer, 0), (cesf, 1), (self.insertion_officer, 2)):
            visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
            self.assertIn(root.id, visible, user.name)
            self.assertIn(sections[section].id, visible, user.name)
        self.assertNotIn(
            sections[2].id,
            self.env["ir.ui.menu"].with_user(self.officer)._visible_menu_ids(),
            "the insertion section is for the insertion officers and the CESF",
        )
