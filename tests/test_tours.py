import base64
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.housing_cesf.tests.common import HousingCesfCommon
from odoo.addons.housing_collection.tests.common import HousingCollectionCommon
from odoo.addons.housing_insertion.tests.common import HousingInsertionCommon


@tagged("post_install", "-at_install")
class TestRoleTours(HousingCollectionCommon, HousingInsertionCommon, HousingCesfCommon, HttpCase):
    """Each role's main job done in Chromium, in French, from the home page the role lands on
    (static/tests/tours/housing_role_tours.js). A tour fails on an error dialog, on a label of the suite left in
    English and on the layout defects it measures (static/tests/tours/housing_tour_checks.js)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant.groups_id |= cls.env.ref("account.group_account_user")
        cls.users = cls.officer | cls.cesf_user | cls.insertion_officer | cls.accountant
        cls.users.write({"lang": "fr_FR", "tz": "Europe/Paris"})
        # January's rent unpaid: the cases of the three leases; Marc Durand's is the officer's
        cls._open_cases()
        cls.case_plain.user_id = cls.officer
        cls.followup = cls.Followup.with_user(cls.cesf_user).create(
            {
                "partner_id": cls.tenant_plain.id,
                "lease_id": cls.lease_plain.id,
                "followup_type": "administrative",
                "origin": "tenant",
                "user_id": cls.cesf_user.id,
            }
        )
        # a clause of this year without any hour yet (behind schedule), Awa Diallo hired under it
        cls.clause = cls._create_clause(cls.order)
        candidate = cls._create_candidate(cls.lease_apl)
        cls.hire = cls._create_hire(candidate, cls.clause, date_end=False)

    def test_arrears_officer(self):
        self.start_tour("/odoo", "housing_officer_tour", login=self.officer.login)
        self.assertIn("plan d'apurement", self.case_plain.contact_ids.note)
        plan = self.case_plain.active_plan_id
        self.assertRecordValues(plan, [{"state": "active", "signature_date": fields.Date.today()}])
        self.assertEqual(len(plan.line_ids), 6)
        self.assertEqual(self.case_plain.stage_id, self.env.ref("housing_arrears.stage_plan"))

    def test_cesf(self):
        self.start_tour("/odoo", "housing_cesf_tour", login=self.cesf_user.login)
        visit = self.followup.intervention_ids
        self.assertRecordValues(visit, [{"mode": "home_visit", "state": "planned", "user_id": self.cesf_user.id}])
        self.assertEqual(self.followup.evaluation_ids.resource_line_ids.mapped("amount"), [1250.0])

    def test_insertion_officer(self):
        self.start_tour("/odoo", "housing_insertion_tour", login=self.insertion_officer.login)
        self.assertRecordValues(self.hire.hours_ids, [{"month": fields.Date.today().replace(day=1), "hours": 35.0}])

    def test_accountant(self):
        statement = self.cfonb120([("VIR SEPA M MARC DURAND", 680.0), ("VIR SEPA INCONNU", 55.0)])
        self.env["ir.attachment"].create(
            {"name": "housing_tour_statement.cfonb", "datas": base64.b64encode(statement), "public": True}
        )
        self.start_tour("/odoo", "housing_accountant_tour", login=self.accountant.login)
        lines = self.env["account.bank.statement.line"].search([("journal_id", "=", self.bank_journal.id)])
        self.assertEqual(sorted(lines.mapped("amount")), [55.0, 680.0])
        call = self.env["housing.rent.call"].search(
            [("period_start", "=", date.today() + relativedelta(months=1, day=1))]
        )
        self.assertRecordValues(call, [{"state": "running", "user_id": self.accountant.id}])
