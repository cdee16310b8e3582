from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import HousingInsertionCommon


@tagged("post_install", "-at_install")
class TestHireBadInput(HousingInsertionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clause = cls._create_clause(cls.order)
        cls.candidate = cls._create_candidate(cls.lease_plain)
        cls.Hours = cls.env["housing.insertion.hours"]

    def test_hire_ending_before_it_starts(self):
        with self.assertRaises(ValidationError) as error:
            self._create_hire(self.candidate, self.clause, date_start=date(2026, 3, 1), date_end=date(2026, 2, 1))
        self.assertIn("la fin ne peut pas précéder le début", str(error.exception))
        self.assertFalse(self.env["housing.insertion.hire"].search([("candidate_id", "=", self.candidate.id)]))

    def test_employer_is_the_supplier_or_a_structure(self):
        stranger = self.env["res.partner"].create({"name": "Autre entreprise", "is_company": True})
        with self.assertRaises(ValidationError):
            self._create_hire(self.candidate, self.clause, employer_id=stranger.id)
        self._create_hire(self.candidate, self.clause, employer_id=self.supplier.id)

    def test_hours_outside_the_hire(self):
        hire = self._create_hire(self.candidate, self.clause)  # February to November 2026
        for month in (date(2026, 1, 1), date(2026, 12, 1)):
            with self.assertRaises(ValidationError) as error:
                self._declare(hire, month, 20.0)
            self.assertIn("ne peuvent pas être déclarées", str(error.exception))
        self.assertFalse(hire.hours_ids, "nothing written")
        # the month of the start and of the end count, whatever the day
        self._declare(hire, date(2026, 2, 20), 20.0)
        self._declare(hire, date(2026, 11, 1), 20.0)
        self.assertEqual(sorted(hire.hours_ids.mapped("month")), [date(2026, 2, 1), date(2026, 11, 1)])
        # moving the hire's dates may not leave declared hours outside
        with self.assertRaises(ValidationError):
            hire.date_end = date(2026, 10, 31)
        self.assertEqual(hire.date_end, date(2026, 11, 30))

    def test_open_ended_hire(self):
        hire = self._create_hire(self.candidate, self.clause, date_end=False)
        with self.assertRaises(ValidationError):
            self._declare(hire, date(2026, 1, 1), 20.0)
        with freeze_time("2027-06-15"):
            self._declare(hire, date(2027, 6, 1), 20.0)

    def test_hours_not_in_the_future(self):
        hire = self._create_hire(self.candidate, self.clause)  # February to November 2026
        with freeze_time("2026-04-10"):
            with self.assertRaises(ValidationError) as error:
                self._declare(hire, date(2026, 5, 1), 20.0)
            self.assertIn("ne peuvent pas encore être déclarées", str(error.exception))
            self.assertFalse(hire.hours_ids, "nothing written")
            self._declare(hire, date(2026, 4, 1), 20.0)
            with self.assertRaises(ValidationError):
                hire.hours_ids.month = date(2026, 6, 1)

    def test_hours_beyond_the_plausible_maximum(self):
        hire = self._create_hire(self.candidate, self.clause)
        self.assertEqual(self.company.housing_insertion_max_monthly_hours, 151.67)
        with self.assertRaises(ValidationError) as error:
            self._declare(hire, date(2026, 3, 1), 160.0)
        self.assertIn("plus que le maximum plausible de 151,67 heures", str(error.exception))
        self._declare(hire, date(2026, 3, 1), 151.67)
        self.company.housing_insertion_max_monthly_hours = 169.0
        self._declare(hire, date(2026, 4, 1), 160.0)
        with self.assertRaises(ValidationError):
            self.company.housing_insertion_max_monthly_hours = -1.0

    def test_negative_or_zero_hours(self):
        hire = self._create_hire(self.candidate, self.clause)
        for hours in (-10.0, 0.0):
            with self.assertRaises(ValidationError):
                self._declare(hire, date(2026, 3, 1), hours)
        self.assertFalse(hire.hours_ids)

    def test_one_declaration_per_month(self):
        hire = self._create_hire(self.candidate, self.clause)
        self._declare(hire, date(2026, 3, 1), 50.0)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self._declare(hire, date(2026, 3, 18), 20.0)

    def test_supporting_document(self):
        hire = self._create_hire(self.candidate, self.clause)
        line = self._declare(hire, date(2026, 3, 1), 50.0)
        self.assertFalse(line.has_document)
        line.write({"document": b"JVBERi0xLjQK", "document_name": "bulletin-mars.pdf"})
        self.assertTrue(line.has_document)
        self.assertIn(self.tenant_plain.name, line.display_name)

    def test_hire_on_a_closed_clause(self):
        self.clause.action_close()
        with self.assertRaises(UserError):
            self._create_hire(self.candidate, self.clause)

    def test_hire_with_hours_cannot_be_deleted(self):
        hire = self._create_hire(self.candidate, self.clause)
        self._declare(hire, date(2026, 3, 1), 50.0)
        with self.assertRaises(UserError):
            hire.unlink()
        with self.assertRaises(UserError):
            self.candidate.unlink()
