import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import HousingArrearsCommon
from .portfolio_workbook import portfolio_rows

OPENING = date(2026, 1, 15)


@tagged("post_install", "-at_install")
class TestPortfolioImport(HousingArrearsCommon):
    """A landlord's first day: the portfolio imported from the XLSX templates, checked line by line first.

    A generated workbook of 12 leases (tools/bench_import.py builds the same one, larger) in the agency NI, sector
    Les Portiques; a second French company for the export of the fixture portfolio and its import elsewhere."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sector.code = "POR"
        cls.wizard_model = cls.env["housing.portfolio.import"].with_context(lang="fr_FR")

    # ------------------------------------------------------------------ helpers
    def new_wizard(self, rows=None, data=None, company=None):
        Wizard = self.wizard_model.with_company(company) if company else self.wizard_model
        wizard = Wizard.create({"opening_date": OPENING})
        if data is None:
            data = wizard._write_workbook(rows)
        wizard.write({"file": base64.b64encode(data), "filename": "patrimoine.xlsx"})
        return wizard

    def counts(self):
        Lease = self.env["housing.lease"].with_context(active_test=False)
        return (
            self.env["housing.residence"].search_count([]),
            self.env["housing.unit"].search_count([]),
            self.env["res.partner"].with_context(active_test=False).search_count([]),
            Lease.search_count([]),
            self.env["account.move"].search_count([]),
        )

    def report(self, wizard):
        return {(error.sheet, error.line, error.column, error.message) for error in wizard.error_ids}

    def generated(self, count=12):
        return portfolio_rows(count, prefix="IMP", agency="NI", sector="POR", payer=self.caf.name, opening=OPENING)

    # ------------------------------------------------------------------ the templates
    def test_template(self):
        """The templates: one sheet per kind with the French titles (a star on the required ones), the Notes
        explaining every column; the empty templates check clean (nothing to import)."""
        with Form(self.wizard_model) as form:
            self.assertEqual(form.state, "draft")
            self.assertEqual(form.opening_account_id.code, "471000")
            self.assertEqual(form.journal_id.type, "general")
        wizard = form.record
        action = wizard.action_download_template()
        self.assertIn("/download_file/", action["url"])
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.download_file)))
        self.assertEqual(
            book.sheetnames, ["Résidences", "Logements", "Locataires", "Baux", "Dettes d'ouverture", "Notice"]
        )
        leases = [cell.value for cell in book["Baux"][1]]
        for title in (
            "Référence du bail *",
            "Référence du logement *",
            "Date de signature",
            "Délai contractuel du commandement",
            "Organisme payeur",
            "Loyer mensuel *",
        ):
            self.assertIn(title, leases)
        notes = [row[1] for row in book["Notice"].iter_rows(values_only=True)]
        self.assertIn("Délai contractuel du commandement", notes)
        self.assertIn("Date d'échéance", notes)
        wizard.write({"file": wizard.download_file})
        wizard.action_check()
        self.assertEqual(wizard.state, "valid")
        self.assertFalse(wizard.error_ids)

    # ------------------------------------------------------------------ a clean file
    def test_clean_import(self):
        """The generated workbook imports the portfolio; each opening debt is a posted receivable line of the
        tenant with the lease and its due date, and the next nightly detection opens the cases."""
        rows = self.generated()
        before = self.counts()
        wizard = self.new_wizard(rows)
        wizard.action_check()
        self.assertEqual(wizard.state, "valid", wizard.error_ids.mapped("message"))
        self.assertEqual(self.counts(), before, "checking writes nothing")
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        after = self.counts()
        self.assertEqual(after[0] - before[0], 1)
        self.assertEqual(after[1] - before[1], 12)
        self.assertEqual(after[2] - before[2], 12 + 2, "12 holders and 2 co-tenants")
        self.assertEqual(after[3] - before[3], 12)
        self.assertEqual(after[4] - before[4], 1, "one opening entry")
        leases = self.env["housing.lease"].search([("name", "=like", "IMP-B%")], order="name")
        self.assertEqual(set(leases.mapped("state")), {"active"})
        self.assertEqual(leases.sector_id, self.sector)
        # a lease as the workbook gives it, with its opening debt
        lease = leases.filtered(lambda lease: lease.name == "IMP-B00001")
        source = rows["leases"][1]
        self.assertEqual(lease.unit_id.name, "IMP-L00001")
        self.assertEqual(lease.partner_id.ref, "IMP-T00001")
        self.assertEqual(lease.partner_id.street, "1 rue des Tilleuls", "the tenant gets the dwelling's address")
        self.assertEqual(lease.signature_date, source["signature_date"])
        self.assertEqual(lease.rent_amount, source["rent_amount"])
        self.assertEqual(lease.billing_mode, "advance")
        debts = [row for row in rows["debts"] if row["lease"] == "IMP-B00001"]
        lines = self.env["account.move.line"].search(
            [("housing_lease_id", "=", lease.id), ("account_type", "=", "asset_receivable")]
        )
        self.assertEqual(len(lines), len(debts))
        self.assertEqual(lines.move_id.housing_move_kind, "opening")
        self.assertEqual(lines.move_id.state, "posted")
        self.assertEqual(lines.move_id.date, OPENING)
        self.assertEqual(lines.partner_id, lease.partner_id)
        self.assertEqual(sorted(lines.mapped("date_maturity")), sorted(row["date_maturity"] for row in debts))
        self.assertAlmostEqual(sum(lines.mapped("amount_residual")), sum(row["amount"] for row in debts))
        counterpart = lines.move_id.line_ids - lines.move_id.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        self.assertEqual(counterpart.account_id, wizard.opening_account_id)
        self.assertEqual(wizard.opening_account_id.code, "471000")
        # the benefit, the co-tenant and the contractual delay of an old lease
        with_benefit = leases.filtered(lambda lease: lease.name == "IMP-B00000")
        self.assertEqual(with_benefit.benefit_payer_id, self.caf)
        self.assertTrue(with_benefit.benefit_to_landlord)
        self.assertEqual(with_benefit.rls_amount, 25.0)
        self.assertEqual(with_benefit.payment_order_delay, 1)
        self.assertEqual(with_benefit.payment_order_delay_unit, "months")
        self.assertEqual(leases.filtered(lambda lease: lease.name == "IMP-B00004").cotenant_ids.ref, "IMP-C00004")
        # the nightly detection opens the cases of the leases with an overdue opening debt
        self.detect("2026-01-20")
        with_debt = leases.filtered(lambda lease: lease.name in {row["lease"] for row in rows["debts"]})
        self.assertTrue(with_debt)
        cases = self.env["housing.arrears.case"].search([("lease_id", "in", leases.ids)])
        self.assertEqual(cases.lease_id, with_debt)
        case = cases.filtered(lambda case: case.lease_id == lease)
        self.assertAlmostEqual(case.debt_amount, sum(row["amount"] for row in debts))

    # ------------------------------------------------------------------ a bad file
    def test_bad_file(self):
        """Every bad line is listed in French with its sheet, line and column, and nothing is written, by Check
        as by Import."""
        rows = self.generated(6)
        rows["units"][0]["residence"] = "INCONNUE"
        rows["leases"][1]["rent_amount"] = -400.0
        rows["leases"][2]["name"] = rows["leases"][3]["name"]
        rows["leases"][4]["benefit_payer"] = "CAF de Nulle Part"
        rows["leases"][5].update(
            signature_date=date(2024, 1, 10), payment_order_delay=1, payment_order_delay_unit="weeks"
        )
        rows["debts"][0]["amount"] = 0.0
        rows["debts"].append({"lease": "IMP-B99999", "amount": 100.0, "date_maturity": date(2025, 12, 5)})
        wizard = self.new_wizard(rows)
        book = openpyxl.load_workbook(io.BytesIO(wizard._write_workbook(rows)))
        book["Baux"]["E3"] = "31/02/2025"  # lease line 3: the start date
        units = book["Logements"]
        units.delete_cols([cell.value for cell in units[1]].index("Typologie *") + 1)
        output = io.BytesIO()
        book.save(output)
        wizard.file = base64.b64encode(output.getvalue())
        before = self.counts()
        wizard.action_check()
        self.assertEqual(wizard.state, "errors")
        report = self.report(wizard)
        expected = {
            ("Logements", 1, "Typologie", "Colonne obligatoire absente : ajoutez-la avec ce titre."),
            (
                "Logements",
                2,
                "Code de la résidence",
                "Résidence « INCONNUE » inconnue : ajoutez-la à la feuille Résidences.",
            ),
            ("Baux", 3, "Loyer mensuel", "Le montant ne peut pas être négatif (-400)."),
            ("Baux", 3, "Date d'effet", "« 31/02/2025 » n'est pas une date : écrivez-la JJ/MM/AAAA."),
            ("Baux", 5, "Référence du bail", "« IMP-B00003 » est déjà à la ligne 4."),
            (
                "Baux",
                6,
                "Organisme payeur",
                "Organisme payeur « CAF de Nulle Part » inconnu : créez d'abord le contact de la CAF ou de la MSA "
                "(une société, avec ce nom ou cette référence).",
            ),
            (
                "Baux",
                7,
                "Délai contractuel du commandement",
                "Le bail a été signé le 29/07/2023 ou après : son délai de commandement est d'au moins 6 semaines "
                "(délai légal).",
            ),
            ("Dettes d'ouverture", 2, "Montant", "Le montant est nul."),
            (
                "Dettes d'ouverture",
                len(rows["debts"]) + 1,
                "Référence du bail",
                "Bail « IMP-B99999 » inconnu : ajoutez-le à la feuille Baux.",
            ),
        }
        self.assertEqual(expected - report, set(), report)
        self.assertEqual(len(report), len(expected), report)
        self.assertIn("9 erreurs", wizard.summary)
        self.assertEqual(self.counts(), before)
        wizard.action_import()
        self.assertEqual(wizard.state, "errors", "Import refuses a file with errors")
        self.assertEqual(len(wizard.error_ids), len(expected))
        self.assertEqual(self.counts(), before, "nothing written")

    def test_bad_references(self):
        """References already in Odoo, overlapping leases, a benefit without its payer."""
        rows = self.generated(3)
        rows["units"][0]["name"] = self.unit_a.name
        rows["leases"][0]["unit"] = self.unit_a.name  # the fixture lease runs on it since 01/12/2025
        rows["leases"][0]["date_start"] = date(2025, 6, 1)
        rows["leases"][1].update(benefit_amount=100.0, benefit_payer=None)
        rows["leases"][2]["name"] = self.lease_plain.name
        wizard = self.new_wizard(rows)
        wizard.action_check()
        messages = {(error.sheet, error.line, error.message) for error in wizard.error_ids}
        self.assertEqual(
            messages,
            {
                ("Logements", 2, f"Le logement « {self.unit_a.name} » existe déjà dans Odoo."),
                (
                    "Baux",
                    2,
                    f"Le bail chevauche le bail {self.lease_apl.name} sur le logement {self.unit_a.name} : un "
                    "logement n'a qu'un bail à la fois.",
                ),
                ("Baux", 3, "L'aide au logement est versée au bailleur : indiquez son organisme payeur (CAF ou MSA)."),
                ("Baux", 4, f"Le bail « {self.lease_plain.name} » existe déjà dans Odoo."),
            },
        )

    # ------------------------------------------------------------------ export and import elsewhere
    def test_export_reimport(self):
        """A portfolio with its history (two rent calls, a part payment), exported to the templates and imported
        into another company, is the same portfolio: every field, and each lease's account as at the day."""
        self.lease_plain.write(
            {
                "cotenant_ids": [
                    Command.link(
                        self.env["res.partner"]
                        .create({"name": "Julie Durand", "ref": "LOC-9", "street": "3 rue Neuve", "city": "Lyon"})
                        .id
                    )
                ],
                "signature_date": date(2019, 3, 1),
                "date_start": date(2019, 4, 1),
                "payment_order_delay": 3,
                "payment_order_delay_unit": "months",
                "deposit_amount": 600.0,
            }
        )
        self.tenant_apl.write({"ref": "LOC-1", "email": "awa@example.com", "phone": "0474000000"})
        (self.tenant_apl | self.tenant_plain | self.tenant_other).write(
            {"street": "12 rue des Portiques", "zip": "38090", "city": "Villefontaine"}
        )
        self.residence.code = "POR"
        self.unit_b.write({"street2": "Bât. B", "street": "14 rue des Portiques"})
        self.lease_other.write({"date_end": date(2026, 2, 10)})
        for period in (date(2026, 1, 1), date(2026, 2, 1)):
            self.run_rent_call(period)
        self.lease_other.action_end()
        with freeze_time("2026-02-10"):
            self.pay(self.env["account.move"].search([("lease_id", "=", self.lease_plain.id)], limit=1), amount=300.0)
        company2 = self.setup_other_company(name="Bailleur B")["company"]
        for agency in (self.agency, self.agency_other):
            copy = self.env["housing.agency"].create(
                {"name": agency.name, "code": agency.code, "company_id": company2.id}
            )
            for sector in agency.sector_ids:
                self.env["housing.sector"].create({"name": sector.name, "code": sector.code, "agency_id": copy.id})
        with freeze_time("2026-02-20"):
            exporter = self.wizard_model.create({})
            exporter.action_export()
            wizard = self.new_wizard(data=base64.b64decode(exporter.download_file), company=company2)
            wizard.opening_date = date(2026, 2, 20)
            wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.error_ids.mapped("message"))

        def mirror(record):
            found = (
                self.env[record._name]
                .with_context(active_test=False)
                .search([("company_id", "=", company2.id), ("name", "=", record.name)])
            )
            self.assertEqual(len(found), 1, record.name)
            return found

        Residence = self.env["housing.residence"]
        for residence in Residence.search([("company_id", "=", self.company.id)]):
            copy = mirror(residence)
            self.assertEqual(copy.code, residence.code or residence.name)
            for fname in ("street", "zip", "city"):
                self.assertEqual(copy[fname], residence[fname], fname)
            self.assertEqual(
                (copy.agency_id.code, copy.sector_id.name), (residence.agency_id.code, residence.sector_id.name)
            )
        leases = self.env["housing.lease"].search([("company_id", "=", self.company.id)])
        self.assertEqual(len(leases), 3)
        lease_fields = [
            "date_start",
            "signature_date",
            "date_end",
            "billing_mode",
            "rent_amount",
            "charges_amount",
            "sls_amount",
            "rls_amount",
            "benefit_amount",
            "benefit_to_landlord",
            "benefit_payer_id",
            "payment_order_delay",
            "payment_order_delay_unit",
            "deposit_amount",
            "tenant_share",
            "state",
        ]
        Ledger = self.env["housing.ledger"]
        for lease in leases:
            copy = mirror(lease)
            for fname in lease_fields:
                self.assertEqual(copy[fname], lease[fname], f"{lease.name}: {fname}")
            for fname in ("name", "typology", "surface", "street", "street2", "zip", "city"):
                self.assertEqual(copy.unit_id[fname], lease.unit_id[fname], f"{lease.unit_id.name}: {fname}")
            self.assertEqual(copy.unit_id.residence_id.name, lease.unit_id.residence_id.name)
            self.assertEqual(copy.sector_id.name, lease.sector_id.name)
            for tenant, tenant_copy in zip(lease.tenant_ids, copy.tenant_ids, strict=True):
                for fname in ("name", "email", "phone", "street", "zip", "city"):
                    self.assertEqual(tenant_copy[fname], tenant[fname], f"{tenant.name}: {fname}")
                self.assertEqual(tenant_copy.ref, tenant.ref or f"ODOO-{tenant.id}")
                self.assertEqual(tenant_copy.company_id, company2)
            on_day = date(2026, 2, 20)
            position = Ledger._get_positions(lease, on_day)[lease]
            position_copy = Ledger._get_positions(copy, on_day)[copy]
            self.assertAlmostEqual(position_copy.balance, position.balance)
            self.assertAlmostEqual(position_copy.due, position.due)
            self.assertEqual(
                [(item.maturity, round(amount, 2)) for item, amount in position_copy.aged()],
                [(item.maturity, round(amount, 2)) for item, amount in position.aged()],
                lease.name,
            )
        self.assertEqual(mirror(self.lease_other).state, "ended")
        self.assertTrue(Ledger._get_positions(self.lease_plain, date(2026, 2, 20))[self.lease_plain].balance)

    def test_unreadable_file_and_missing_sheet(self):
        """A file that is not a workbook is refused in French; a workbook without a sheet says which one."""
        wizard = self.new_wizard(data=b"pas un classeur")
        with self.assertRaisesRegex(UserError, "ne peut pas être lu comme un classeur Excel"):
            wizard.action_check()
        book = openpyxl.load_workbook(io.BytesIO(wizard._write_workbook(self.generated(2))))
        del book["Dettes d'ouverture"]
        output = io.BytesIO()
        book.save(output)
        wizard.file = base64.b64encode(output.getvalue())
        wizard.action_check()
        self.assertEqual(
            wizard.error_ids.mapped("message"), ["La feuille « Dettes d'ouverture » manque dans le classeur."]
        )

    def test_check_queries(self):
        """The check reads the database in a number of queries that does not grow with the workbook."""

        def queries(count):
            wizard = self.new_wizard(portfolio_rows(count, prefix=f"Q{count}", agency="NI", payer=self.caf.name))
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            wizard._check_file()
            return self.env.cr.sql_log_count - before

        queries(2)  # the caches of the first check (translations, chart, agencies)
        self.assertEqual(queries(4), queries(40))
