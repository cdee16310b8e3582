from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import HousingArrearsCommon


@tagged("post_install", "-at_install")
class TestArrearsCase(HousingArrearsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Case = cls.env["housing.arrears.case"]
        cls.jan = cls.run_rent_call_cls(date(2026, 1, 1))
        cls.feb = cls.run_rent_call_cls(date(2026, 2, 1))

    @classmethod
    def run_rent_call_cls(cls, period):
        call = cls.env["housing.rent.call"].create({"period_start": period, "company_id": cls.company.id})
        call.action_run()
        return call

    def test_case_opens_after_grace_days_at_threshold(self):
        # January rent of both leases unpaid, due on 5 January, grace 10 days
        self.pay(self.tenant_invoice(self.jan, self.lease_plain), pay_date=date(2026, 1, 5))
        self.detect("2026-01-15")
        self.assertFalse(self.case_of(self.lease_apl), "still within the grace days")
        self.detect("2026-01-16")
        case = self.case_of(self.lease_apl)
        self.assertTrue(case)
        self.assertFalse(self.case_of(self.lease_plain), "paid on time")
        self.assertEqual(case.stage_id, self.env.ref("housing_arrears.stage_first_unpaid"))
        self.assertEqual(case.pole, "prevention")
        self.assertEqual(case.user_id, self.cesf_user, "the sector's prevention officer")
        self.assertEqual(case.debt_amount, 270.0)
        self.assertEqual(case.months_in_arrears, 1.0)
        self.assertEqual(case.oldest_unpaid_date, date(2026, 1, 5))
        self.assertFalse(case.tenant_departed)
        self.assertEqual(case.date_open, date(2026, 1, 16))

    def test_below_threshold_no_case(self):
        # 100 paid on a 270 share: 170 overdue, below one month of share
        self.pay(self.tenant_invoice(self.jan, self.lease_apl), amount=100.0, pay_date=date(2026, 1, 10))
        self.detect("2026-01-20")
        self.assertFalse(self.case_of(self.lease_apl))
        # a lower threshold (half a month) opens it
        self.company.housing_case_threshold = 0.5
        self.detect("2026-01-20")
        self.assertEqual(self.case_of(self.lease_apl).debt_amount, 170.0)

    def test_threshold_zero_is_refused(self):
        with self.assertRaises(ValidationError):
            self.company.housing_case_threshold = 0.0
        self.assertEqual(self.company.housing_case_threshold, 1.0)

    def test_refresh_and_settle_amicably(self):
        self.detect("2026-02-20")
        case = self.case_of(self.lease_apl)
        self.assertEqual(case.debt_amount, 540.0)
        self.assertEqual(case.months_in_arrears, 2.0)
        self.assertEqual(case.urgency, "high")
        self.assertEqual(case.days_since_last_payment, 81, "no payment since the lease started on 1 December")
        self.pay(self.tenant_invoice(self.jan, self.lease_apl), pay_date=date(2026, 2, 21))
        self.detect("2026-02-22")
        self.assertEqual(case.debt_amount, 270.0)
        self.assertEqual(case.last_payment_date, date(2026, 2, 21))
        self.assertEqual(case.days_since_last_payment, 1)
        self.assertFalse(case.is_closed)
        self.pay(self.tenant_invoice(self.feb, self.lease_apl), pay_date=date(2026, 2, 23))
        self.detect("2026-02-24")
        self.assertTrue(case.is_closed)
        self.assertEqual(case.stage_id, self.env.ref("housing_arrears.stage_closed_settled"))
        self.assertTrue(case.settled_amicably)
        self.assertEqual(case.date_closed, date(2026, 2, 24))
        self.assertFalse(self.case_of(self.lease_apl))

    def test_settled_after_litigation_is_not_amicable(self):
        self.detect("2026-02-20")
        case = self.case_of(self.lease_plain)
        case.stage_id = self.env.ref("housing_arrears.stage_payment_order")
        self.assertEqual(case.user_id, self.lit_user, "moving into a pole assigns its officer")
        case.stage_id = self.env.ref("housing_arrears.stage_contact")
        self.assertEqual(case.user_id, self.cesf_user)
        self.pay(
            self.tenant_invoice(self.jan, self.lease_plain) | self.tenant_invoice(self.feb, self.lease_plain),
            pay_date=date(2026, 2, 23),
        )
        self.detect("2026-02-24")
        self.assertTrue(case.is_closed)
        self.assertFalse(case.settled_amicably)
        self.assertTrue(case.left_prevention)

    def test_detection_is_idempotent(self):
        self.detect("2026-02-20")
        cases = self.Case.search([("company_id", "=", self.company.id)])
        values = cases.read(["debt_amount", "months_in_arrears", "stage_id", "user_id"])
        self.detect("2026-02-20")
        again = self.Case.search([("company_id", "=", self.company.id)])
        self.assertEqual(again, cases)
        self.assertEqual(again.read(["debt_amount", "months_in_arrears", "stage_id", "user_id"]), values)

    def test_one_open_case_per_lease(self):
        self.detect("2026-02-20")
        with self.assertRaises(ValidationError):
            self.Case.create({"lease_id": self.lease_apl.id})
        self.assertEqual(self.Case.search_count([("lease_id", "=", self.lease_apl.id)]), 1)

    def test_manual_close_refused_while_owing(self):
        self.detect("2026-02-20")
        case = self.case_of(self.lease_apl)
        with self.assertRaises(UserError):
            case.stage_id = self.env.ref("housing_arrears.stage_closed_settled")
        with self.assertRaises(UserError):
            case.stage_id = self.env.ref("housing_arrears.stage_closed_written_off")
        self.assertFalse(case.is_closed)

    def test_departed_tenant(self):
        self.lease_plain.date_end = date(2026, 2, 10)
        self.lease_plain.action_end()
        self.detect("2026-02-20")
        case = self.case_of(self.lease_plain)
        self.assertTrue(case.tenant_departed)
        self.assertEqual(case.months_in_arrears, 2.0)
        self.assertEqual(case.urgency, "high")
        self.assertIn(case, self.Case.search([("tenant_departed", "=", True)]))

    def test_case_with_history_cannot_be_deleted(self):
        self.detect("2026-02-20")
        case = self.case_of(self.lease_apl)
        self.env["housing.arrears.contact"].create(
            {"case_id": case.id, "channel": "phone", "outcome": "reached", "date": "2026-02-20 10:00:00"}
        )
        with self.assertRaises(UserError):
            case.unlink()
        case.action_archive()
        self.assertFalse(case.active)
