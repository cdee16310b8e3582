from datetime import timedelta
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessDenied, AccessError, UserError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import config

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import skip_unless_installed


@tagged("post_install", "-at_install")
class TestGeneratorGuard(TransactionCase):
    """The generator stays out of the production path: no RPC, the superuser only, the demo flag or the test
    runner, random passwords."""

    def test_refused_outside_demo_and_tests(self):
        Portfolio = self.env["housing.demo.portfolio"]
        self.assertTrue(getattr(type(Portfolio).generate, "_api_private", False), "not callable over RPC")
        user = self.env["res.users"].create({"name": "Agent", "login": "agent_demo"})
        with self.assertRaises(AccessError):
            Portfolio.with_user(user).generate(size=1)
        with patch.dict(config.options, {"test_enable": False}), patch.dict("os.environ", {}, clear=True):
            with self.assertRaisesRegex(UserError, "HOUSING_DEMO=1"):
                Portfolio.sudo().generate(size=1)

    def test_random_passwords(self):
        Portfolio = self.env["housing.demo.portfolio"].sudo()
        with patch.dict("os.environ", {}, clear=True):
            users, passwords = Portfolio._generate_users()
        self.assertEqual(set(passwords), {login for login, _name, _groups in Portfolio._demo_user_specs()})
        self.assertEqual(len(set(passwords.values())), len(passwords), "one password each")
        for login, password in passwords.items():
            self.assertGreaterEqual(len(password), 12)
            credentials = self.env(user=users[login])["res.users"]
            with self.assertRaises(AccessDenied, msg=login):
                credentials._check_credentials({"type": "password", "password": login}, {"interactive": False})
            credentials._check_credentials({"type": "password", "password": password}, {"interactive": False})
        # run again, the existing users keep theirs; one password for all from the environment
        with patch.dict("os.environ", {"HOUSING_DEMO_PASSWORD": "Démo-2026!"}):
            again, none = Portfolio._generate_users()
            self.assertEqual(again, users)
            self.assertFalse(none)
            self.assertEqual(Portfolio._demo_password(), "Démo-2026!")


@tagged("post_install", "-at_install")
@skip_unless_installed("housing.insertion.clause")
class TestDemoRoles(AccountTestInvoicingCommon):
    """A new user logging in as each demo role sees what README.rst ("Demo logins") says that role sees. On a
    French company of its own: the generator bills every lease of the company."""

    @classmethod
    @AccountTestInvoicingCommon.setup_country("fr")
    def setUpClass(cls):
        super().setUpClass()
        cls.result = cls.env["housing.demo.portfolio"].sudo().generate(size=30, seed=11, months=2)
        cls.users = cls.result["users"]
        cls.followup = cls.result["followups"].filtered(lambda f: f.agency_id == cls.result["agency"])[:1]
        cls.case = cls.result["cases"][:1]
        cls.tenant = cls.result["leases"][:1].partner_id

    def env_of(self, login):
        self.env.invalidate_all()
        return self.env(user=self.users[login])

    def assert_no_content(self, env):
        followup = env["housing.cesf.followup"].browse(self.followup.id)
        for fname in ("note", "member_ids", "activity_summary", "message_ids"):
            with self.assertRaises(AccessError, msg=f"{env.user.login}: {fname}"):
                followup.read([fname])
        with self.assertRaises(AccessError, msg=env.user.login):
            followup.message_subscribe(partner_ids=env.user.partner_id.ids)

    def test_passwords_are_returned(self):
        self.assertIn("cesf1", self.result["passwords"])
        self.assertNotIn("cesf1", self.result["passwords"].values())

    def test_agency_back_office(self):
        env = self.env_of("agence")
        self.assertTrue(env["housing.arrears.case"].search([]))
        with self.assertRaises(AccessError):
            env["housing.arrears.case"].browse(self.case.id).write({"priority": "1"})
        self.assertEqual(env["res.partner"].browse(self.tenant.id).housing_balance, self.tenant.sudo().housing_balance)
        self.assertIn(self.followup, env["housing.cesf.followup"].search([]))
        self.assert_no_content(env)

    def test_arrears_officers_and_manager(self):
        for login in ("precontentieux", "contentieux", "gestionnaire"):
            env = self.env_of(login)
            env["housing.arrears.case"].browse(self.case.id).check_access("write")
            self.assertIn(self.followup, env["housing.cesf.followup"].search([]))
            self.assert_no_content(env)
        env = self.env_of("gestionnaire")
        self.assertEqual(
            env["housing.arrears.case"].search_count([]), self.env["housing.arrears.case"].sudo().search_count([])
        )
        env["housing.arrears.stage"].check_access("write")
        env["housing.rent.call"].check_access("create")

    def test_accountant(self):
        env = self.env_of("comptable")
        with self.assertRaises(AccessError):
            env["housing.arrears.case"].search([])
        self.assertEqual(env["res.partner"].browse(self.tenant.id).housing_balance, self.tenant.sudo().housing_balance)
        self.assertTrue(env["account.move"].search([("move_type", "=", "out_invoice")], limit=1))
        # the households followed in his agency, not what is said
        self.assertEqual(
            env["housing.cesf.followup"].search([]), self.result["followups"].filtered(lambda f: f.agency_id)
        )
        self.assert_no_content(env)

    def test_cesf(self):
        followup = self.followup.sudo()
        env = self.env_of(followup.user_id.login)
        self.assertTrue(followup.user_id.login.startswith("cesf"))
        mine = env["housing.cesf.followup"].browse(followup.id)
        self.assertTrue(mine.read(["note", "member_ids", "activity_ids", "message_ids"]))
        self.assertEqual(mine.case_debt_amount, followup.case_debt_amount)
        visits = env["housing.cesf.intervention"].search([("mode", "=", "home_visit"), ("state", "=", "planned")])
        self.assertEqual(visits.event_id.user_id, visits.user_id)

    def test_insertion_and_purchase(self):
        env = self.env_of("insertion")
        self.assertTrue(env["housing.insertion.candidate"].search([]))
        order = env["purchase.order"].browse(self.result["insertion_clauses"][:1].order_id.id)
        self.assertTrue(Form(order).insertion_clause_id)
        self.assert_no_content(env)
        env = self.env_of("achats")
        self.assertTrue(env["purchase.order"].search([]))
        self.assertTrue(env["housing.insertion.clause"].search([]))
        with self.assertRaises(AccessError):
            env["housing.insertion.candidate"].search([])
        with self.assertRaises(AccessError):
            env["housing.cesf.followup"].search([])

    def test_extend_bills_and_pays_the_new_leases_only(self):
        """A scale run adds agencies to the portfolio: the calls of the two months bill each new lease once, the
        invoices and payments of the portfolio before stay as they were, the new debts get their cases."""
        Move = self.env["account.move"]
        company = self.result["company"]
        before = Move.search([("company_id", "=", company.id), ("move_type", "in", ("out_invoice", "out_refund"))])
        residuals = {move.id: move.amount_residual for move in before}
        agencies = self.env["housing.agency"].search_count([("company_id", "=", company.id)])
        extra = (
            self.env["housing.demo.portfolio"]
            .sudo()
            .extend(size=12, seed=5, agencies=2, profiles=[("late", 0.6), ("on_time", 0.4)])
        )
        leases = extra["leases"]
        self.assertEqual(len(leases), 12)
        self.assertEqual(self.env["housing.agency"].search_count([("company_id", "=", company.id)]), agencies + 2)
        self.assertNotIn(self.result["agency"], leases.agency_id)
        calls = self.env["housing.rent.call"].search([("company_id", "=", company.id)])
        self.assertEqual(len(calls), 2, "the calls of the portfolio, no new one")
        notices = Move.search([("lease_id", "in", leases.ids), ("move_type", "in", ("out_invoice", "out_refund"))])
        for call in calls:
            of_call = notices.filtered(lambda move, call=call: move.housing_rent_call_id == call)
            self.assertTrue(of_call)
            self.assertEqual(len(of_call.lease_id), len(of_call), "one notice a lease and a call")
        self.assertEqual({move.id: move.amount_residual for move in before}, residuals, "the old invoices untouched")
        self.assertTrue(notices.filtered(lambda move: move.payment_state == "paid"), "the on-time tenants paid")
        # the late payers who have not paid yet have their case, nobody else of the new leases
        today = self.result["today"]
        overdue = notices.filtered(lambda move: move.amount_residual > 0 and move.invoice_date_due < today).lease_id
        self.assertTrue(extra["cases"])
        self.assertLessEqual(extra["cases"].lease_id, overdue)
        with self.assertRaises(UserError):
            other = self.env["res.company"].create({"name": "Autre bailleur"})
            self.env["housing.demo.portfolio"].sudo().with_company(other).extend(size=1)

    def test_fast_payments_are_odoo_payments(self):
        """The generator's receipts, created and lettered the fast way, are the ones Odoo makes the standard way:
        the same lines, the same residuals and payment states of the notices, the same full reconciliations."""
        self.env = self.env(su=True)
        Portfolio = self.env["housing.demo.portfolio"].sudo()
        call = self.env["housing.rent.call"].create(
            {
                "period_start": self.result["today"] + relativedelta(months=1, day=1),
                "company_id": self.result["company"].id,
            }
        )
        call.action_run()
        notices = call.invoice_ids.filtered(lambda move: move.amount_residual > 0)[:8]
        self.assertEqual(len(notices), 8)
        start = self.result["today"]
        payments = [
            (notice.id, start + timedelta(days=index % 3), None if index % 2 else round(notice.amount_residual / 3, 2))
            for index, notice in enumerate(notices)
        ]

        def pay(fast):
            self.env.flush_all()
            self.env.invalidate_all()  # nothing of the other way's run (rolled back) left in the cache
            with self.env.cr.savepoint(flush=False) as savepoint:
                last = self.env["account.move.line"].search([], order="id desc", limit=1).id
                Portfolio._pay_invoices(payments, fast=fast)
                self.env.flush_all()
                self.env.invalidate_all()
                lines = self.env["account.move.line"].search([("id", ">", last)], order="id")
                result = (
                    [
                        (
                            line.move_id.date,
                            line.account_id,
                            line.partner_id,
                            line.name,
                            line.balance,
                            line.amount_residual,
                            line.reconciled,
                            bool(line.full_reconcile_id),
                            line.move_id.state,
                        )
                        for line in lines
                    ],
                    [(notice.amount_residual, notice.payment_state) for notice in notices],
                )
                savepoint.rollback()
            return result

        standard, fast = pay(False), pay(True)
        self.assertTrue(standard[0])
        self.assertIn("partial", [state for _residual, state in standard[1]])
        self.assertTrue({"paid", "in_payment"} & {state for _residual, state in standard[1]})
        self.assertEqual(fast, standard)
