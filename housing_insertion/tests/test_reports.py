import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.tests import tagged

from .common import HousingInsertionCommon


@tagged("post_install", "-at_install")
class TestDebtBeforeAndAfter(HousingInsertionCommon):
    """lease_plain: 680 a month due on the 5th from December 2025. December paid on 20 January; hired on 1 February
    (680 owed: January); January to March paid on 10 March (0 owed on 20 March)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calls = {
            period: cls.env["housing.rent.call"].create({"period_start": period, "company_id": cls.company.id})
            for period in (date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1))
        }
        for call in cls.calls.values():
            call.action_run()
        cls.clause = cls._create_clause(cls.order)
        cls.candidate = cls._create_candidate(cls.lease_plain)
        cls.hire = cls._create_hire(cls.candidate, cls.clause, date_start=date(2026, 2, 1))

    def invoices(self, *periods):
        return self.env["account.move"].union(
            *(self.tenant_invoice(self.calls[period], self.lease_plain) for period in periods)
        )

    def test_debt_before_and_after_the_hire(self):
        self.pay(self.invoices(date(2025, 12, 1)), pay_date=date(2026, 1, 20))
        self.pay(self.invoices(date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)), pay_date=date(2026, 3, 10))
        Report = self.env["housing.insertion.debt.report"]
        with freeze_time("2026-03-20"):
            row = Report.search([("hire_id", "=", self.hire.id)])
            self.assertEqual(row.debt_before, 680.0)
            self.assertEqual(row.debt_now, 0.0)
            self.assertEqual(row.debt_change, -680.0)
            self.assertEqual(row.agency_id, self.agency)
        Report.invalidate_model()
        with freeze_time("2026-03-08"):
            # before the payment of 10 March: January, February and March owed
            row = Report.search([("hire_id", "=", self.hire.id)])
            self.assertEqual(row.debt_now, 2040.0)
            self.assertEqual(row.debt_change, 1360.0)

    def test_same_debt_as_the_arrears_case(self):
        self.pay(self.invoices(date(2026, 1, 1)), amount=300.0, pay_date=date(2026, 2, 10))
        self.detect("2026-02-20")
        case = self.case_of(self.lease_plain)
        with freeze_time("2026-02-20"):
            row = self.env["housing.insertion.debt.report"].search([("hire_id", "=", self.hire.id)])
            self.assertEqual(row.debt_now, case.debt_amount)
        self.assertEqual(row.debt_before, 1360.0, "December and January, the payment came after the hire")

    def test_case_shows_the_hire(self):
        self.detect("2026-02-20")
        case = self.case_of(self.lease_plain)
        self.assertTrue(case)
        self.assertEqual(case.insertion_hire_ids, self.hire)
        self.assertEqual(case.with_user(self.officer).insertion_hire_ids, self.hire)
        self.assertEqual(case.with_user(self.officer).insertion_hire_count, 1)
        action = case.action_view_insertion_debt()
        self.assertEqual(action["domain"], [("lease_id", "=", self.lease_plain.id)])
        with freeze_time("2026-02-20"):
            rows = self.env["housing.insertion.debt.report"].with_user(self.officer).search(action["domain"])
        self.assertEqual(rows.hire_id, self.hire)
        # a second member of the household hired later shows too
        member = self.env["res.partner"].create({"name": "Léo Durand"})
        hire = self._create_hire(self._create_candidate(self.lease_plain, partner_id=member.id), self.clause)
        self.assertEqual(case.insertion_hire_ids, self.hire | hire)
        self.assertEqual(case.insertion_hire_count, 2)


@tagged("post_install", "-at_install")
class TestFacilitatorExport(HousingInsertionCommon):
    def test_xlsx_for_the_facilitator(self):
        self.unit_a.residence_id = self.residence
        self.order.housing_unit_id = self.unit_a
        clause = self._create_clause(self.order)
        candidate = self._create_candidate(self.lease_plain, eligibility_category="long_term_job_seeker")
        hire = self._create_hire(candidate, clause, outcome="sustainable_job")
        self._declare(hire, date(2026, 2, 1), 100.0)
        self._declare(hire, date(2026, 3, 1), 120.5)
        report = self.env.ref("housing_insertion.action_report_clause_xlsx")
        content, kind = report.with_context(lang="fr_FR")._render_xlsx(report.report_name, clause.ids, {})
        self.assertEqual(kind, "xlsx")
        book = openpyxl.load_workbook(io.BytesIO(content))
        clauses, persons = book.worksheets
        header = [cell.value for cell in clauses[1]]
        row = dict(zip(header, [cell.value for cell in clauses[2]], strict=True))
        self.assertEqual(row["Commande"], self.order.name)
        self.assertEqual(row["Résidence"], self.residence.name)
        self.assertEqual(row["Heures réalisées"], 220.5)
        header = [cell.value for cell in persons[1]]
        row = dict(zip(header, [cell.value for cell in persons[2]], strict=True))
        self.assertEqual(row["Personne"], self.tenant_plain.name)
        self.assertEqual(row["Catégorie"], "Demandeur d'emploi de longue durée")
        self.assertEqual(row["Type de contrat"], "Contrat à durée déterminée d'insertion (CDDI)")
        self.assertEqual(row["févr. 2026"], 100.0)
        self.assertEqual(row["mars 2026"], 120.5)
        self.assertEqual(row["Total des heures"], 220.5)
        self.assertEqual(row["Situation à la sortie"], "Emploi durable (CDI, ou CDD de 6 mois ou plus)")

    def test_hours_per_residence(self):
        self.order.housing_unit_id = self.unit_a
        clause = self._create_clause(self.order)
        hire = self._create_hire(self._create_candidate(self.lease_plain), clause)
        self._declare(hire, date(2026, 2, 1), 100.0)
        groups = self.env["housing.insertion.hours.report"]._read_group(
            [("order_id", "=", self.order.id)], ["residence_id", "month:month"], ["hours:sum"]
        )
        self.assertEqual(groups, [(self.residence, date(2026, 2, 1), 100.0)])
