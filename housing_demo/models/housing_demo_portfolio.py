import logging
import os
import random
import secrets
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError

_logger = logging.getLogger(__name__)

FIRST_NAMES = [
    "Awa",
    "Nadia",
    "Claire",
    "Sophie",
    "Fatima",
    "Julie",
    "Camille",
    "Inès",
    "Sarah",
    "Léa",
    "Chantal",
    "Yasmina",
    "Marie",
    "Aïcha",
    "Nathalie",
    "Sandrine",
    "Amina",
    "Émilie",
    "Océane",
    "Manon",
    "Karim",
    "Mehdi",
    "Thomas",
    "Nicolas",
    "Jean",
    "Pierre",
    "Mamadou",
    "Youssef",
    "Julien",
    "Kevin",
    "Sébastien",
    "Bruno",
    "Ali",
    "Christophe",
    "Patrick",
    "Alain",
    "Moussa",
    "Franck",
    "David",
    "Lucas",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "Diallo",
    "Benali",
    "Nguyen",
    "Traoré",
    "Haddad",
    "Mercier",
    "Blanc",
    "Guerin",
    "Boyer",
    "Chevalier",
    "Lopez",
    "Faure",
    "Rousseau",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clément",
    "Gauthier",
    "Dumont",
    "Lambert",
    "Fontaine",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Rey",
    "Brun",
]
SECTORS = ["Les Tilleuls", "Le Lac", "Les Fontaines", "La Prairie", "Les Coteaux"]
STREETS = [
    "rue des Tilleuls",
    "allée du Lac",
    "place des Fontaines",
    "avenue de la Prairie",
    "chemin des Coteaux",
    "rue Victor-Hugo",
    "rue Jean-Jaurès",
    "allée des Cerisiers",
    "rue du Moulin",
    "avenue de l'Europe",
]
RENT_BY_TYPOLOGY = {
    "T1": (230, 300),
    "T2": (300, 380),
    "T3": (360, 460),
    "T4": (420, 540),
    "T5": (480, 620),
    "T6": (540, 700),
}
SURFACE_BY_TYPOLOGY = {"T1": 30, "T2": 46, "T3": 65, "T4": 79, "T5": 94, "T6": 110}
# how households pay: share of the portfolio, and behaviour
PROFILES = [("on_time", 0.72), ("late", 0.12), ("partial", 0.05), ("stopper", 0.07), ("departed", 0.04)]


class HousingDemoPortfolio(models.AbstractModel):
    """Generator of the demo portfolio (used by `make demo` and `make bench`). Deterministic for a seed:
    one agency, five sectors with their officers, residences of about thirty dwellings, one lease per dwelling,
    about half of them with a housing benefit paid to the landlord, `months` months of rent calls and payments
    with realistic behaviour, then the nightly detection and cases spread over the stages.

    Out of the production path: this addon is no dependency of the suite (`make demo`, `make bench` and `make test`
    install it), `generate` cannot be called over RPC and runs only as the superuser, with the demo flag of the
    tools (`HOUSING_DEMO=1`) or in the test runner. Its users get random passwords (or `HOUSING_DEMO_PASSWORD`),
    returned in `passwords`."""

    _name = "housing.demo.portfolio"
    _description = "Demo Portfolio Generator"

    @api.private
    @api.model
    def generate(self, size=300, seed=42, months=12, with_cases=True, agencies=1, profiles=None):
        """`agencies`: the portfolio is spread over that many agencies (of five sectors each); `profiles`: how the
        households pay, [(profile, share)] (default PROFILES)."""
        self._check_demo_allowed()
        rng = random.Random(seed)
        today = fields.Date.context_today(self)
        company = self.env.company
        users, passwords = self._generate_users()
        agency, sectors = self._generate_agency(company, users)
        residences, units = self._generate_stock(rng, agency, sectors, size // agencies + size % agencies)
        for index in range(1, agencies):
            other, other_sectors = self._generate_other_agency(company, users, index)
            other_residences, other_units = self._generate_stock(rng, other, other_sectors, size // agencies)
            residences |= other_residences
            units |= other_units
        leases = self._generate_leases(rng, units, today, months)
        profiles = {lease.id: self._pick_profile(rng, profiles) for lease in leases}
        self._generate_history(rng, leases, profiles, today, months)
        cases = self.env["housing.arrears.case"]
        if with_cases:
            self.env["housing.arrears.case"]._cron_detect_arrears()
            cases = self.env["housing.arrears.case"].search(
                [("company_id", "=", company.id), ("is_closed", "=", False)]
            )
            self._spread_cases(rng, cases, today)
        result = {
            "company": company,
            "agency": agency,
            "sectors": sectors,
            "residences": residences,
            "units": units,
            "leases": leases,
            "cases": cases,
            "users": users,
            "passwords": passwords,
            "today": today,
        }
        return self._post_generate(rng, result)

    @api.private
    @api.model
    def extend(self, size, seed=43, agencies=1, profiles=None):
        """Add `size` leases in `agencies` new agencies to the portfolio generated before in this company, with the
        same months of history (its rent calls bill the new leases only, their payments and cases are the new
        leases' only): a scale run of more open cases without generating everything again."""
        self._check_demo_allowed()
        rng = random.Random(seed)
        today = fields.Date.context_today(self)
        company = self.env.company
        calls = self.env["housing.rent.call"].search(
            [("company_id", "=", company.id), ("state", "=", "done"), ("period_start", "<=", today)]
        )
        if not calls:
            raise UserError(_("No portfolio to extend in this company: generate one first."))
        months = len(set(calls.mapped("period_start")))
        users, _passwords = self._generate_users()
        first = (
            self.env["housing.agency"].with_context(active_test=False).search_count([("company_id", "=", company.id)])
        )
        units = self.env["housing.unit"]
        for index in range(first, first + agencies):
            agency, sectors = self._generate_other_agency(company, users, index)
            units |= self._generate_stock(rng, agency, sectors, size // agencies)[1]
        leases = self._generate_leases(rng, units, today, months)
        lease_profiles = {lease.id: self._pick_profile(rng, profiles) for lease in leases}
        last_move = self.env["account.move"].search([], order="id desc", limit=1).id
        self._generate_history(rng, leases, lease_profiles, today, months, after_move_id=last_move)
        self.env["housing.arrears.case"]._cron_detect_arrears()
        cases = self.env["housing.arrears.case"].search(
            [("company_id", "=", company.id), ("is_closed", "=", False), ("lease_id", "in", leases.ids)]
        )
        self._spread_cases(rng, cases, today)
        return {"leases": leases, "cases": cases}

    @api.model
    def _check_demo_allowed(self):
        if not self.env.is_superuser():
            raise AccessError(_("Only the administrator of the server generates a demo portfolio."))
        if not (tools.config["test_enable"] or os.environ.get("HOUSING_DEMO") == "1"):
            raise UserError(
                _(
                    "The demo portfolio is generated by make demo and make bench only (environment variable "
                    "HOUSING_DEMO=1), never on a production database."
                )
            )

    @api.model
    def _demo_password(self):
        """The password of a demo user: HOUSING_DEMO_PASSWORD, or a random one (never the login)."""
        return os.environ.get("HOUSING_DEMO_PASSWORD") or secrets.token_urlsafe(12)

    @api.model
    def _post_generate(self, rng, result):
        """Hook for the other addons of the suite: add their demo records.

        :param random.Random rng: the generator's seeded random source (use it, never `random` itself)
        :param dict result: what was generated: 'company', 'agency', 'sectors', 'residences', 'units', 'leases',
            'cases' (recordsets), 'users' (dict login -> res.users), 'today' (date of the generation)
        """
        return result

    # ------------------------------------------------------------------ people and organisation
    def _demo_user_specs(self):
        """(login, name, groups) of the demo users."""
        officer = "housing_arrears.group_arrears_officer"
        return [
            ("gestionnaire", "Nadia Diaf", "housing_arrears.group_arrears_manager"),
            ("agence", "Hugo Lemaire", "housing_arrears.group_housing_user"),
            ("comptable", "Chantal Besson", "account.group_account_user"),
            ("precontentieux", "Claire Guerret", officer),
            ("contentieux", "Karim Benali", officer),
            ("cesf1", "Gaëlle Gaillard", officer),
            ("cesf2", "Fabienne Besson", officer),
            ("cesf3", "Sonia Mercier", officer),
            ("cesf4", "Aurélie Fontaine", officer),
            ("cesf5", "Inès Haddad", officer),
        ]

    def _generate_users(self):
        Users = self.env["res.users"].with_context(no_reset_password=True)
        existing = {
            user.login: user for user in Users.search([("login", "in", [s[0] for s in self._demo_user_specs()])])
        }
        users, passwords = {}, {}
        for login, name, groups in self._demo_user_specs():
            if login not in existing:
                passwords[login] = self._demo_password()
            user = existing.get(login) or Users.create(
                {
                    "login": login,
                    "password": passwords.get(login),
                    "name": name,
                    "email": f"{login}@bailleur-demo.fr",
                    "lang": "fr_FR" if self.env["res.lang"]._lang_get("fr_FR") else "en_US",
                    "tz": "Europe/Paris",
                    "company_id": self.env.company.id,
                    "company_ids": [Command.set(self.env.company.ids)],
                    "groups_id": [Command.link(self.env.ref(groups).id)],
                }
            )
            users[login] = user
        users["admin"] = self.env.ref("base.user_admin")
        return users, passwords

    def _generate_agency(self, company, users):
        partner = self.env["res.partner"].create(
            {
                "name": "Agence Nord-Isère",
                "is_company": True,
                "street": "2 place des Fontaines",
                "zip": "38090",
                "city": "Villefontaine",
                "phone": "04 74 00 00 00",
                "email": "agence.nord-isere@bailleur-demo.fr",
            }
        )
        agency = self.env["housing.agency"].create(
            {
                "name": "Agence Nord-Isère",
                "code": "NI",
                "company_id": company.id,
                "partner_id": partner.id,
                "manager_id": users["gestionnaire"].id,
                "user_ids": [Command.set([u.id for u in users.values()])],
            }
        )
        sectors = self.env["housing.sector"].create(
            [
                {
                    "name": name,
                    "code": f"S{index + 1}",
                    "agency_id": agency.id,
                    "prevention_user_id": users[f"cesf{index + 1}"].id,
                    "prelitigation_user_id": users["precontentieux"].id,
                    "litigation_user_id": users["contentieux"].id,
                }
                for index, name in enumerate(SECTORS)
            ]
        )
        return agency, sectors

    def _generate_other_agency(self, company, users, index):
        """Agency `index` (from 1) of a portfolio of several agencies, its five sectors with the same officers."""
        agency = self.env["housing.agency"].create(
            {
                "name": f"Agence {index + 1}",
                "code": f"A{index + 1}",
                "company_id": company.id,
                "manager_id": users["gestionnaire"].id,
                "user_ids": [Command.set([u.id for u in users.values()])],
            }
        )
        sectors = self.env["housing.sector"].create(
            [
                {
                    "name": f"{name} ({agency.code})",
                    "code": f"{agency.code}S{number + 1}",
                    "agency_id": agency.id,
                    "prevention_user_id": users[f"cesf{number + 1}"].id,
                    "prelitigation_user_id": users["precontentieux"].id,
                    "litigation_user_id": users["contentieux"].id,
                }
                for number, name in enumerate(SECTORS)
            ]
        )
        return agency, sectors

    def _generate_stock(self, rng, agency, sectors, size):
        count = max(1, round(size / 30))
        residences = self.env["housing.residence"].create(
            [
                {
                    "name": f"Résidence {rng.choice(['Les', 'Le', 'La'])} {name}",
                    "agency_id": agency.id,
                    "sector_id": sectors[index % len(sectors)].id,
                    "street": f"{rng.randint(1, 80)} {STREETS[index % len(STREETS)]}",
                    "zip": "38090",
                    "city": "Villefontaine",
                }
                for index, name in enumerate(self._residence_names(rng, count))
            ]
        )
        typologies = ["T1", "T2", "T3", "T3", "T4", "T4", "T5", "T6"]
        unit_vals = []
        for index in range(size):
            residence = residences[index % count]
            typology = rng.choice(typologies)
            unit_vals.append(
                {
                    "name": f"{agency.code}-{residence.id:03d}-{index + 1:05d}",
                    "residence_id": residence.id,
                    "street2": f"Bât. {chr(65 + index % 4)}, {rng.randint(0, 6)}e étage, porte {rng.randint(1, 12)}",
                    "typology": typology,
                    "surface": SURFACE_BY_TYPOLOGY[typology] + rng.randint(-4, 4),
                }
            )
        return residences, self.env["housing.unit"].create(unit_vals)

    def _residence_names(self, rng, count):
        words = [
            "Glycines",
            "Marronniers",
            "Peupliers",
            "Alpes",
            "Balcons",
            "Lilas",
            "Sources",
            "Vergers",
            "Saules",
            "Platanes",
            "Hirondelles",
            "Roches",
            "Genêts",
            "Bleuets",
            "Érables",
            "Iris",
        ]
        return [
            f"{words[i % len(words)]}{'' if i < len(words) else ' ' + str(i // len(words) + 1)}" for i in range(count)
        ]

    def _generate_leases(self, rng, units, today, months):
        Partner = self.env["res.partner"]
        payers = Partner.concat(
            *(
                Partner.search([("name", "=", name), ("is_company", "=", True)], limit=1)
                or Partner.create({"name": name, "is_company": True, "city": city})
                for name, city in (("CAF de l'Isère", "Grenoble"), ("MSA Alpes du Nord", "Chambéry"))
            )
        )
        tenants = self.env["res.partner"].create(
            [
                {
                    "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    "street": unit.street,
                    "street2": unit.street2,
                    "zip": unit.zip,
                    "city": unit.city,
                    "phone": "06 " + " ".join(str(rng.randint(10, 99)) for _i in range(4)),
                    "lang": "fr_FR" if self.env["res.lang"]._lang_get("fr_FR") else "en_US",
                }
                for unit in units
            ]
        )
        history_start = (today - relativedelta(months=months)).replace(day=1)
        vals_list = []
        for unit, tenant in zip(units, tenants):
            low, high = RENT_BY_TYPOLOGY[unit.typology]
            rent = float(rng.randint(low, high))
            charges = float(rng.randint(4, 12) * 10)
            # most households were there before the history; some entered during it
            if rng.random() < 0.85:
                start = history_start - timedelta(days=rng.randint(30, 3650))
            else:
                start = history_start + timedelta(days=rng.randint(0, months * 28))
            with_benefit = rng.random() < 0.5
            benefit = (
                float(round(min(rent + charges - 20, rng.uniform(0.25, 0.7) * (rent + charges))))
                if with_benefit
                else 0.0
            )
            rls = float(rng.randint(20, 45)) if with_benefit and rng.random() < 0.8 else 0.0
            vals_list.append(
                {
                    "unit_id": unit.id,
                    "partner_id": tenant.id,
                    "date_start": start,
                    "billing_mode": "arrears" if rng.random() < 0.8 else "advance",
                    "rent_amount": rent,
                    "charges_amount": charges,
                    "sls_amount": float(rng.randint(15, 90)) if not with_benefit and rng.random() < 0.06 else 0.0,
                    "rls_amount": rls,
                    "benefit_amount": benefit,
                    "benefit_payer_id": (payers[1] if rng.random() < 0.08 else payers[0]).id if with_benefit else False,
                    "benefit_to_landlord": True,
                }
            )
        leases = self.env["housing.lease"].create(vals_list)
        leases.action_activate()
        return leases

    def _pick_profile(self, rng, profiles=None):
        draw, total = rng.random(), 0.0
        for profile, share in profiles or PROFILES:
            total += share
            if draw < total:
                return profile
        return (profiles or PROFILES)[0][0]

    # ------------------------------------------------------------------ rent calls and payments
    def _generate_history(self, rng, leases, profiles, today, months, after_move_id=0):
        """Run the rent calls of the past months and pay them the way each household pays (the invoices created
        after `after_move_id` only: the calls of a portfolio being extended bill the new leases)."""
        company = self.env.company
        first = (today - relativedelta(months=months - 1)).replace(day=1)
        # the departed tenants leave during the history, owing their last months
        departed = leases.filtered(lambda lease: profiles[lease.id] == "departed")
        stop_months = {}
        for lease in leases:
            if profiles[lease.id] in ("stopper", "departed"):
                stop_months[lease.id] = first + relativedelta(
                    months=rng.randint(max(months - 6, 1), max(months - 2, 1))
                )
        for lease in departed:
            leave = stop_months[lease.id] + relativedelta(months=rng.randint(1, 2), days=rng.randint(0, 20))
            lease.date_end = max(min(leave, today - timedelta(days=1)), lease.date_start + timedelta(days=30))
        Call = self.env["housing.rent.call"]
        payments = []  # (invoice id, payment date, amount or None for the residual)
        for index in range(months):
            period = first + relativedelta(months=index)
            call = Call.search([("company_id", "=", company.id), ("period_start", "=", period)]) or Call.create(
                {"period_start": period, "company_id": company.id}
            )
            call.action_run()
            _logger.info("demo portfolio: rent call %s, %s invoices", period, len(call.invoice_ids))
            for invoice in call.invoice_ids:
                if invoice.id <= after_move_id:
                    continue
                lease = invoice.lease_id
                due = invoice.invoice_date_due
                if not lease:  # the benefit payer pays on the 25th
                    if due + timedelta(days=20) < today:
                        payments.append((invoice.id, due + timedelta(days=20), None))
                    continue
                profile = profiles[lease.id]
                if profile in ("stopper", "departed") and period >= stop_months[lease.id]:
                    continue
                delay = {
                    "on_time": rng.randint(-3, 4),
                    "late": rng.randint(10, 45),
                    "partial": rng.randint(0, 15),
                    "stopper": rng.randint(0, 20),
                    "departed": rng.randint(0, 20),
                }[profile]
                pay_date = due + timedelta(days=delay)
                if pay_date >= today:
                    continue
                amount = None
                if profile == "partial" and rng.random() < 0.6:
                    amount = round(invoice.amount_total * rng.uniform(0.3, 0.8), 2)
                payments.append((invoice.id, pay_date, amount))
        self._pay_invoices(payments)
        self.env["housing.lease"]._cron_end_departed_leases()

    def _pay_invoices(self, payments, fast=True):
        """The bank receipts of each day as one journal entry (bank debit, one receivable credit per payment),
        reconciled with the invoices: what the bank reconciliation produces, without the cost of one payment
        record per transfer. `fast`: the receipts, which carry no tax, created without a chatter message and without
        Odoo's synchronisation of their lines, and lettered without looking for cash-basis taxes (the notices carry
        none): twice as fast, the same entries and residuals (`test_generator.test_fast_payments_are_odoo_payments`)."""
        if fast:
            self = self.with_context(
                tracking_disable=True,
                skip_invoice_sync=True,
                skip_invoice_line_sync=True,
                skip_account_move_synchronization=True,
                no_cash_basis=True,
            )
        journal = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", self.env.company.id)], limit=1
        )
        Move = self.env["account.move"]
        by_date = {}
        for invoice_id, pay_date, amount in payments:
            by_date.setdefault(pay_date, []).append((invoice_id, amount))
        invoices = Move.browse([invoice_id for invoice_id, _date, _amount in payments])
        receivable = {line.move_id.id: line for line in invoices.line_ids if line.account_type == "asset_receivable"}
        vals_list, plan_rows = [], []
        for pay_date, rows in sorted(by_date.items()):
            lines, total = [], 0.0
            for invoice_id, amount in rows:
                line = receivable[invoice_id]
                amount = amount if amount is not None else line.amount_residual
                total += amount
                lines.append(
                    Command.create(
                        {
                            "account_id": line.account_id.id,
                            "partner_id": line.partner_id.id,
                            "name": line.move_id.payment_reference or line.move_id.name,
                            "credit": amount,
                        }
                    )
                )
            lines.append(
                Command.create({"account_id": journal.default_account_id.id, "name": journal.name, "debit": total})
            )
            vals_list.append({"move_type": "entry", "journal_id": journal.id, "date": pay_date, "line_ids": lines})
            plan_rows.append([invoice_id for invoice_id, _amount in rows])
        receipts = Move.create(vals_list)
        receipts.action_post()
        plan = []
        for receipt, invoice_ids in zip(receipts, plan_rows):
            credits = receipt.line_ids.filtered("credit")
            for credit, invoice_id in zip(credits, invoice_ids):
                plan.append(credit | receivable[invoice_id])
        self.env["account.move.line"]._reconcile_plan(plan)
        _logger.info("demo portfolio: %s payments on %s days", len(payments), len(receipts))

    # ------------------------------------------------------------------ the cases on the kanban
    # the procedure of a case at each stage of the kanban: (step type, days before today, values)
    PROCEDURES = {
        "stage_prelitigation": [("formal_notice", 20, {}), ("ccapex_referral", 15, {"channel": "exploc"})],
        "stage_payment_order": [
            ("formal_notice", 120, {}),
            ("ccapex_referral", 110, {"channel": "exploc"}),
            ("payment_order", 40, {}),
        ],
        "stage_summons": [
            ("formal_notice", 200, {}),
            ("ccapex_referral", 190, {"channel": "exploc"}),
            ("payment_order", 150, {}),
            ("summons", 20, {"hearing_in": 40}),
            ("prefect_notice", 15, {}),
        ],
        "stage_judgment": [
            ("formal_notice", 300, {}),
            ("ccapex_referral", 290, {"channel": "deemed"}),
            ("payment_order", 250, {}),
            ("summons", 180, {"hearing_in": -120}),
            ("prefect_notice", 175, {}),
            ("hearing", 120, {}),
            ("judgment", 100, {"judgment_outcome": "payment_delays", "delay_months": 24}),
        ],
        "stage_eviction": [
            ("formal_notice", 420, {}),
            ("ccapex_referral", 410, {"channel": "exploc"}),
            ("payment_order", 380, {}),
            ("summons", 300, {"hearing_in": -240}),
            ("prefect_notice", 295, {}),
            ("hearing", 240, {}),
            ("judgment", 220, {"judgment_outcome": "termination", "delay_months": 2}),
            ("order_to_vacate", 100, {"prefect_notice_after": 2}),
            ("police_request", 30, {}),
        ],
    }

    def _spread_cases(self, rng, cases, today):
        """Move the open cases along the stages according to their debt, with the plans and the steps of the
        procedure that bring them there, and log contact attempts."""
        ref = self.env.ref
        bailiff = self.env["res.partner"].create(
            {"name": "SCP Morel et Faure, commissaires de justice", "is_company": True}
        )
        contact_vals, step_vals = [], []
        for case in cases.sorted("id"):
            months_due = case.months_in_arrears
            draw = rng.random()
            if months_due < 1.5:
                target = "stage_first_unpaid" if draw < 0.5 else "stage_contact"
            elif months_due < 3:
                target = "stage_contact" if draw < 0.5 else "stage_plan"
            elif months_due < 5:
                target = "stage_prelitigation" if draw < 0.7 else "stage_plan"
            else:
                target = rng.choice(list(self.PROCEDURES))
            if target == "stage_plan":
                self._demo_plan(rng, case, today)
            elif target in self.PROCEDURES:
                for step_type, days, values in self.PROCEDURES[target]:
                    vals = dict(values)
                    if "hearing_in" in vals:
                        vals["hearing_date"] = today + timedelta(days=vals.pop("hearing_in"))
                    if "prefect_notice_after" in vals:
                        vals["prefect_notice_date"] = today - timedelta(days=days - vals.pop("prefect_notice_after"))
                    if step_type in ("payment_order", "summons", "order_to_vacate", "police_request"):
                        vals["bailiff_id"] = bailiff.id
                    step_vals.append((case, {"step_type": step_type, "date": today - timedelta(days=days), **vals}))
            elif case.stage_id != ref(f"housing_arrears.{target}"):
                case.stage_id = ref(f"housing_arrears.{target}")
            # contact attempts: a few tenants stop answering
            attempts = rng.randint(0, 4)
            silent = rng.random() < 0.2
            for number in range(attempts):
                when = fields.Datetime.to_datetime(today) - timedelta(
                    days=(attempts - number) * rng.randint(3, 9), hours=-10
                )
                contact_vals.append(
                    {
                        "case_id": case.id,
                        "date": when,
                        "channel": rng.choice(["phone", "phone", "sms", "letter", "email", "visit"]),
                        "outcome": "no_answer" if silent else rng.choice(["reached", "reached", "no_answer"]),
                        "user_id": case.user_id.id,
                    }
                )
        for case, vals in step_vals:
            self.env["housing.legal.step"].create({"case_id": case.id, **vals})
        if contact_vals:
            self.env["housing.arrears.contact"].create(contact_vals)

    def _demo_plan(self, rng, case, today):
        plan = self.env["housing.repayment.plan"].create(
            {
                "case_id": case.id,
                "kind": rng.choice(["amicable", "amicable", "benefit_payer", "fsl"]),
                "debt_amount": case.debt_amount,
                "start_month": today + relativedelta(months=1, day=1),
                "instalment_count": rng.choice([6, 10, 12, 18, 24]),
                "signature_date": today - timedelta(days=rng.randint(1, 10)),
            }
        )
        plan.action_sign()
