from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import HousingArrearsCommon


@tagged("post_install", "-at_install")
class TestBenefitPayer(HousingArrearsCommon):
    """Arrears constituted at twice the monthly net charge after the RLS and the APL that the notice deducts
    (lease_apl: 450 + 50 - 30 RLS - 200 APL = 270, threshold 540)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calls = [
            cls.env["housing.rent.call"].create({"period_start": period, "company_id": cls.company.id})
            for period in (date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1))
        ]
        for call in cls.calls:
            call.action_run()
        cls.invoices = cls.env["account.move"].search([("lease_id", "=", cls.lease_apl.id)], order="invoice_date")

    def test_threshold(self):
        self.detect("2026-02-20")
        case = self.case_of(self.lease_apl)
        self.assertEqual(case.benefit_threshold, 540.0)
        self.lease_apl.benefit_to_landlord = False
        self.assertEqual(case.benefit_threshold, 1000.0, "twice the rent and charges when paid to the tenant")

    def test_exactly_twice_the_net_charge_is_constituted(self):
        # three months unpaid (810), 270 paid: 540 owed, exactly twice the net charge
        self.pay(self.invoices[0], amount=270.0, pay_date=date(2026, 3, 6))
        self.detect("2026-03-20")
        case = self.case_of(self.lease_apl)
        self.assertEqual(case.debt_amount, 540.0)
        self.assertEqual(case.constituted_date, date(2026, 3, 20))
        self.assertEqual(case.signal_due_date, date(2026, 5, 20))
        signal = case.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("housing_arrears.mail_activity_type_benefit_signal")
        )
        self.assertEqual(signal.date_deadline, date(2026, 5, 20))
        self.assertEqual(signal.user_id, self.prelit_user)
        # idempotent
        self.detect("2026-03-21")
        self.assertEqual(len(case.activity_ids.filtered(lambda a: a.activity_type_id == signal.activity_type_id)), 1)
        self.assertEqual(case.constituted_date, date(2026, 3, 20))

    def test_one_cent_below_is_not(self):
        self.pay(self.invoices[0], amount=270.01, pay_date=date(2026, 3, 6))
        self.detect("2026-03-20")
        case = self.case_of(self.lease_apl)
        self.assertEqual(case.debt_amount, 539.99)
        self.assertFalse(case.constituted_date)

    def test_cleared_before_signalement_cancels_it(self):
        self.detect("2026-03-20")
        case = self.case_of(self.lease_apl)
        self.assertTrue(case.constituted_date)
        self.pay(self.invoices, pay_date=date(2026, 3, 25))
        self.detect("2026-03-26")
        self.assertTrue(case.is_closed)
        self.assertFalse(case.constituted_date)
        self.assertFalse(
            case.activity_ids.filtered(
                lambda a: a.activity_type_id == self.env.ref("housing_arrears.mail_activity_type_benefit_signal")
            )
        )

    def test_signalement_recorded_and_payer_timers(self):
        self.detect("2026-03-20")
        case = self.case_of(self.lease_apl)
        proof = self.env["ir.attachment"].create({"name": "AR LRAR.pdf", "raw": b"%PDF-1.4 proof"})
        with freeze_time("2026-03-27"):
            step = self.env["housing.legal.step"].create(
                {
                    "case_id": case.id,
                    "step_type": "benefit_signal",
                    "date": date(2026, 3, 27),
                    "channel": "registered_letter",
                    "attachment_ids": [(6, 0, proof.ids)],
                }
            )
        self.assertEqual(case.signal_date, date(2026, 3, 27))
        self.assertEqual(case.payer_plan_due_date, date(2026, 9, 27))
        self.assertEqual(case.payer_fsl_due_date, date(2026, 6, 27))
        self.assertEqual(case.payer_default_instalment, 22.5, "810 / 36")
        self.assertEqual(step.attachment_ids, proof)
        self.assertEqual(case.next_deadline, date(2026, 9, 27))
        # a debt cleared after the signalement does not cancel it
        self.pay(self.invoices, pay_date=date(2026, 3, 28))
        self.detect("2026-03-29")
        self.assertEqual(case.constituted_date, date(2026, 3, 20))

    def test_tenant_without_benefit_is_not_concerned(self):
        self.detect("2026-03-20")
        case = self.case_of(self.lease_plain)
        self.assertEqual(case.debt_amount, 2040.0)
        self.assertFalse(case.constituted_date)
