from contextlib import contextmanager
from datetime import date

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class HousingArrearsCommon(AccountTestInvoicingCommon):
    """A French company with one agency of two sectors, their officers, a benefit payer and three leases.

    - lease_apl: 450 rent + 50 charges, APL 200 paid to the landlord, RLS 30 -> tenant share 270;
    - lease_plain: 600 rent + 80 charges, no benefit -> tenant share 680;
    - lease_other: in another agency, for the access rules.
    All leases start on 1 December 2025 and are billed in advance, due on the 5th.
    """

    @classmethod
    @AccountTestInvoicingCommon.setup_country("fr")
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.company.write({"housing_due_day": 5, "housing_rent_call_day": 25})
        # the tests run as the accountant of AccountTestInvoicingCommon, made arrears manager too
        cls.env.user.groups_id |= cls.env.ref("housing_arrears.group_arrears_manager")
        cls.agency = cls.env["housing.agency"].create({"name": "Agence Nord-Isère", "code": "NI"})
        cls.agency_other = cls.env["housing.agency"].create({"name": "Agence Sud", "code": "SU"})
        user_groups = "housing_arrears.group_housing_user"
        officer_groups = "housing_arrears.group_arrears_officer"
        cls.cesf_user = cls._create_user("cesf", "Claire CESF", officer_groups, cls.agency)
        cls.prelit_user = cls._create_user("prelit", "Paul Précontentieux", officer_groups, cls.agency)
        cls.lit_user = cls._create_user("lit", "Léa Contentieux", officer_groups, cls.agency)
        cls.officer = cls._create_user("officer", "Olivier Officer", officer_groups, cls.agency)
        cls.officer_other = cls._create_user("officer2", "Other Agency Officer", officer_groups, cls.agency_other)
        cls.reader = cls._create_user("reader", "Back Office Reader", user_groups, cls.agency)
        cls.manager = cls._create_user("manager", "Marie Manager", "housing_arrears.group_arrears_manager", cls.agency)
        cls.sector = cls.env["housing.sector"].create(
            {
                "name": "Les Portiques",
                "agency_id": cls.agency.id,
                "prevention_user_id": cls.cesf_user.id,
                "prelitigation_user_id": cls.prelit_user.id,
                "litigation_user_id": cls.lit_user.id,
            }
        )
        cls.sector_other = cls.env["housing.sector"].create({"name": "Centre", "agency_id": cls.agency_other.id})
        cls.residence = cls.env["housing.residence"].create(
            {
                "name": "Résidence des Portiques",
                "agency_id": cls.agency.id,
                "sector_id": cls.sector.id,
                "street": "12 rue des Portiques",
                "zip": "38090",
                "city": "Villefontaine",
            }
        )
        cls.unit_a = cls._create_unit("POR-A-01", cls.residence)
        cls.unit_b = cls._create_unit("POR-A-02", cls.residence)
        cls.unit_c = cls._create_unit("POR-A-03", cls.residence)
        residence_other = cls.env["housing.residence"].create(
            {"name": "Résidence du Centre", "agency_id": cls.agency_other.id, "sector_id": cls.sector_other.id}
        )
        cls.unit_other = cls._create_unit("CEN-01", residence_other)
        cls.caf = cls.env["res.partner"].create({"name": "CAF de l'Isère", "is_company": True})
        cls.tenant_apl = cls.env["res.partner"].create({"name": "Awa Diallo"})
        cls.tenant_plain = cls.env["res.partner"].create({"name": "Marc Durand"})
        cls.tenant_other = cls.env["res.partner"].create({"name": "Inès Martin"})
        cls.lease_apl = cls._create_lease(
            cls.unit_a,
            cls.tenant_apl,
            rent_amount=450.0,
            charges_amount=50.0,
            rls_amount=30.0,
            benefit_amount=200.0,
            benefit_payer_id=cls.caf.id,
        )
        cls.lease_plain = cls._create_lease(cls.unit_b, cls.tenant_plain, rent_amount=600.0, charges_amount=80.0)
        cls.lease_other = cls._create_lease(cls.unit_other, cls.tenant_other, rent_amount=500.0, charges_amount=50.0)
        cls.bank_journal = cls.company_data["default_journal_bank"]

    @classmethod
    def _create_user(cls, login, name, groups, agency):
        user = new_test_user(
            cls.env,
            login=login,
            name=name,
            groups=groups,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            email=f"{login}@example.com",
        )
        user.housing_agency_ids = agency
        return user

    @classmethod
    def _create_unit(cls, name, residence):
        return cls.env["housing.unit"].create(
            {"name": name, "residence_id": residence.id, "typology": "T3", "surface": 65}
        )

    @classmethod
    def _create_lease(cls, unit, tenant, start=date(2025, 12, 1), activate=True, **vals):
        lease = cls.env["housing.lease"].create(
            {
                "unit_id": unit.id,
                "partner_id": tenant.id,
                "date_start": start,
                "billing_mode": "advance",
                **vals,
            }
        )
        if activate:
            lease.action_activate()
        return lease

    @classmethod
    def _create_portfolio(cls, size, prefix, benefit=False):
        """`size` more active leases in a residence of the agency (rent 400, charges 40; with `benefit`, APL 100
        paid to the landlord by the CAF): tenant share 440, or 340."""
        residence = cls.env["housing.residence"].create(
            {"name": f"Résidence {prefix}", "agency_id": cls.agency.id, "sector_id": cls.sector.id}
        )
        units = cls.env["housing.unit"].create(
            [{"name": f"{prefix}-{i}", "residence_id": residence.id, "typology": "T2"} for i in range(size)]
        )
        tenants = cls.env["res.partner"].create([{"name": f"Locataire {prefix} {i}"} for i in range(size)])
        leases = cls.env["housing.lease"].create(
            [
                {
                    "unit_id": unit.id,
                    "partner_id": tenant.id,
                    "date_start": date(2025, 12, 1),
                    "billing_mode": "advance",
                    "rent_amount": 400.0,
                    "charges_amount": 40.0,
                    **({"benefit_amount": 100.0, "benefit_payer_id": cls.caf.id} if benefit else {}),
                }
                for unit, tenant in zip(units, tenants)
            ]
        )
        leases.action_activate()
        return leases

    def run_like_odoo(self, xmlid, budget=1e-9, minimum=10, kill=None, runs_per_round=1, on_run=None):
        """Run a scheduled job as Odoo's cron worker does (`ir.cron._run_job`): a run, a commit (a savepoint here),
        again while the job says work remains. Each run has a tiny time budget, so that it does one small chunk.
        `kill`: numbers of the runs killed in their middle (rolled back, as a SIGKILL leaves them);
        `runs_per_round`: runs that share one round of the worker (Odoo's `_run_job` runs up to 10 in a row on one
        cursor; 1: each run starts a round); `on_run(runs)` is called after each run. Returns the number of runs."""
        cron = self.env.ref(xmlid).sudo()
        model, method = cron.model_id.model, cron.code.split(".")[1].split("(")[0]
        runs = 0
        while runs < 200:
            if runs % runs_per_round == 0 and hasattr(self.env.cr, "_housing_round_start"):
                # a new round: `_run_job` opens a new cursor
                del self.env.cr._housing_round_start
            runs += 1
            progress = self.env["ir.cron.progress"].sudo().create({"cron_id": cron.id, "remaining": 0, "done": 0})
            job = self.env[model].with_context(
                ir_cron_progress_id=progress.id, housing_batch_budget=budget, housing_batch_minimum=minimum
            )
            if kill and runs in kill:
                with self.env.cr.savepoint() as savepoint:
                    getattr(job, method)()
                    self.env.flush_all()
                    savepoint.rollback()
                self.env.invalidate_all()
                continue
            getattr(job, method)()
            self.env.flush_all()
            if on_run:
                on_run(runs)
            if not progress.remaining:
                return runs
        raise AssertionError(f"{xmlid} did not end")

    # ------------------------------------------------------------------ helpers
    @contextmanager
    def assertRaisesRegex(self, exception, regex):
        """Odoo's assertRaises (rolled back to a savepoint) with a check of the message."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), regex)

    def run_rent_call(self, period, company=None):
        call = self.env["housing.rent.call"].create(
            {"period_start": period, "company_id": (company or self.company).id}
        )
        call.action_run()
        return call

    def tenant_invoice(self, call, lease):
        return call.invoice_ids.filtered(lambda move: move.lease_id == lease)

    def pay(self, invoices, amount=None, pay_date=None):
        """Register a customer payment for the invoices (their residual by default)."""
        wizard = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create(
                {
                    "payment_date": pay_date or fields.Date.context_today(self.env.user),
                    "journal_id": self.bank_journal.id,
                    "group_payment": True,
                    **({"amount": amount} if amount is not None else {}),
                }
            )
        )
        return wizard._create_payments()

    def detect(self, on_date):
        """Run the nightly detection as its scheduled action does."""
        with freeze_time(on_date):
            self.env.ref("housing_arrears.ir_cron_detect_arrears").sudo().method_direct_trigger()

    def case_of(self, lease):
        return self.env["housing.arrears.case"].search([("lease_id", "=", lease.id), ("is_closed", "=", False)])
