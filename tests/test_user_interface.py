from datetime import timedelta

from lxml import etree
from psycopg2 import errors

from odoo import fields
from odoo.osv import expression
from odoo.service import model as service_model
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from odoo.addons.housing_cesf.tests.common import HousingCesfCommon
from odoo.addons.housing_insertion.tests.common import HousingInsertionCommon


@tagged("post_install", "-at_install")
class TestUserInterface(HousingInsertionCommon, HousingCesfCommon):
    """What each role sees first, the accountant's menus, and the views whose defects a user met (issue 14)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant.groups_id |= cls.env.ref("account.group_account_user")
        cls.home = cls.env.ref("housing_social.action_housing_home")

    def home_of(self, user):
        """The action the home page of `user` opens, as the web client runs it."""
        self.assertEqual(user.action_id.id, self.home.id, f"{user.login} has the suite's home page")
        return self.home.with_user(user).run()

    def test_home_of_each_role(self):
        expected = {
            self.officer: ("housing_arrears.housing_arrears_case_action", {"search_default_my_cases": 1}),
            self.cesf_user: ("housing_cesf.housing_cesf_followup_action", {"search_default_my_followups": 1}),
            self.insertion_officer: (
                "housing_insertion.housing_insertion_clause_action",
                {"search_default_behind_schedule": 1},
            ),
            self.accountant: ("housing_collection.account_bank_statement_line_action_to_match", {}),
            self.reader: ("housing_arrears.housing_arrears_case_action", {}),
        }
        for user, (xmlid, context) in expected.items():
            action = self.home_of(user)
            self.assertEqual(action["id"], self.env.ref(xmlid).id, user.login)
            for key, value in context.items():
                self.assertEqual(action["context"].get(key), value, f"{user.login}: {key}")
        manager_home = self.home_of(self.manager)
        dashboard = self.env.ref("housing_social.action_housing_dashboard", raise_if_not_found=False)
        fallback = self.env.ref("housing_arrears.housing_arrears_case_analysis_action")
        self.assertEqual(manager_home["id"], (dashboard or fallback).id)

    def test_home_given_to_new_users_of_the_roles_only(self):
        officer = new_test_user(self.env, login="new_officer", groups="housing_arrears.group_arrears_officer")
        self.assertEqual(officer.action_id.id, self.home.id)
        other = new_test_user(self.env, login="new_other", groups="base.group_user")
        self.assertFalse(other.action_id, "a user of no role of the suite keeps Odoo's default")
        other.groups_id |= self.env.ref("housing_cesf.group_cesf")
        self.assertEqual(other.action_id.id, self.home.id, "given with the role")
        chosen = self.env.ref("housing_arrears.housing_lease_action")
        other.action_id = chosen.id
        other.groups_id |= self.env.ref("housing_arrears.group_arrears_manager")
        self.assertEqual(other.action_id.id, chosen.id, "a home page chosen by hand is kept")

    def test_clauses_behind_schedule_filter(self):
        on_time = self._create_clause(self.order, target_hours=0.0)
        late = self._create_clause(self._create_order(self.supplier, 50000.0))
        Clause = self.env["housing.insertion.clause"]
        self.assertIn(late, Clause.search([("behind_schedule", "=", True)]))
        self.assertNotIn(on_time, Clause.search([("behind_schedule", "=", True)]))
        self.assertIn(on_time, Clause.search([("behind_schedule", "=", False)]))

    def test_accountant_menus(self):
        # the menus the web client shows: those reachable from the root of the menu tree
        menus = self.env["ir.ui.menu"].with_user(self.accountant).load_menus(debug=False)
        visible, todo = set(), ["root"]
        while todo:
            children = menus[todo.pop()]["children"]
            visible.update(children)
            todo.extend(children)
        for xmlid in (
            "housing_arrears.housing_root_menu",
            "housing_arrears.housing_lease_menu",
            "housing_arrears.housing_rent_call_menu",
            "housing_arrears.housing_doubtful_debt_report_menu",
            "housing_collection.housing_collection_to_match_menu",
            "housing_collection.housing_collection_statement_import_menu",
        ):
            self.assertIn(self.env.ref(xmlid).id, visible, xmlid)
        for xmlid in (
            "housing_arrears.housing_arrears_case_menu",
            "housing_arrears.housing_arrears_case_analysis_menu",
            "housing_cesf.housing_cesf_followup_menu",
            "housing_arrears.housing_config_menu",
        ):
            self.assertNotIn(self.env.ref(xmlid).id, visible, xmlid)
        # the accountant runs the rent calls
        call = self.env["housing.rent.call"].with_user(self.accountant).create({"company_id": self.company.id})
        call.action_start()
        self.assertEqual(call.state, "running")

    # ------------------------------------------------------------------ views
    def arch(self, xmlid):
        view = self.env.ref(xmlid)
        return etree.fromstring(self.env[view.model].get_view(view.id)["arch"])

    def test_case_views(self):
        form = self.arch("housing_arrears.housing_arrears_case_view_form")
        [statusbar] = form.xpath("//header/field[@name='stage_id']")
        self.assertEqual(safe_eval(statusbar.get("options"))["fold_field"], "fold", "closing stages folded")
        kanban = self.arch("housing_arrears.housing_arrears_case_view_kanban")
        [name] = kanban.xpath("//t[@t-name='card']//field[@name='partner_id']")
        self.assertFalse(name.getparent().xpath("span[contains(@class, 'badge')]"), "no badge beside the name")
        listing = self.arch("housing_arrears.housing_arrears_case_view_list")
        shown = listing.xpath("field[not(@optional='hide') and not(@column_invisible)]")
        self.assertLessEqual(len(shown), 8, "the columns of the list fit a laptop screen")

    def test_analyses_show_real_figures(self):
        views = self.env["ir.ui.view"].search([("type", "in", ("pivot", "graph")), ("model", "=like", "housing.%")])
        self.assertTrue(views)
        for view in views:
            self.assertNotIn('sample="1"', view.arch_db, f"{view.xml_id}: no sample data in an analysis")
        action = self.env.ref("housing_arrears.housing_arrears_case_analysis_action")
        context = safe_eval(action.context)
        self.assertFalse([key for key in context if key.startswith("search_default_")], "every case")

    def test_visit_analysis_counts_as_the_export(self):
        """The default filters of the visit analysis are ANDed, and count the home visits of the XLSX export."""
        followup = self.create_followup()
        Intervention = self.env["housing.cesf.intervention"].with_user(self.cesf_user)
        today = self.env.cr.now() - timedelta(minutes=5)
        values = {"followup_id": followup.id, "user_id": self.cesf_user.id, "date": today}
        Intervention.create([values, {**values, "mode": "office"}, values])[0].action_done()
        Intervention.create({**values, "mode": "office"}).action_done()
        action = self.env.ref("housing_cesf.housing_cesf_intervention_action_analysis")
        defaults = [key[15:] for key, value in safe_eval(action.context).items() if key.startswith("search_default_")]
        search = self.arch("housing_cesf.housing_cesf_intervention_view_search")
        groups, group = [], []
        for node in search:
            if node.tag == "separator" and group:
                groups, group = [*groups, group], []
            elif node.tag == "filter" and node.get("name") in defaults and node.get("domain"):
                group.append(safe_eval(node.get("domain"), {"uid": self.env.uid}))
        groups = [*groups, group] if group else groups
        self.assertEqual(len(groups), 2, "home visits, then done: two groups, ANDed")
        self.assertIn("filter_date", defaults, "the visits of this year, as the export's default period")
        year = fields.Date.today().replace(month=1, day=1)
        domain = expression.AND([expression.OR(group) for group in groups])
        domain += [
            ("date", ">=", fields.Datetime.to_datetime(year)),
            ("date", "<", fields.Datetime.to_datetime(year.replace(year=year.year + 1))),
        ]
        analysis = self.env["housing.cesf.intervention"].search_count(domain)
        self.assertEqual(analysis, 1, "the done home visit only")
        visits, _by_mode = self.env["housing.cesf.followup.export"].create({})._get_visit_figures()
        self.assertEqual(sum(visits.values()), analysis)

    def test_mandatory_value_message_in_french(self):
        """A mandatory value missing in the database: the model and the field are named in French."""
        with mute_logger("odoo.sql_db"), self.assertRaises(errors.NotNullViolation) as caught:
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "INSERT INTO housing_rent_call (company_id, state) VALUES (%s, 'draft')", [self.company.id]
                )
        french = self.env(context={"lang": "fr_FR"})
        message = str(service_model._as_validation_error(french, caught.exception))
        model_label = french["ir.model"]._get("housing.rent.call").name
        field_label = french["ir.model.fields"]._get("housing.rent.call", "period_start").field_description
        self.assertNotEqual(model_label, "Monthly Rent Call", "the model has a French name")
        self.assertIn(f"{model_label} (housing.rent.call)", message)
        self.assertIn(f"{field_label} (period_start)", message)
        self.assertNotIn("Monthly Rent Call", message)
