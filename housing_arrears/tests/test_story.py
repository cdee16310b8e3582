from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import HousingArrearsCommon


@tagged("post_install", "-at_install")
class TestArrearsStory(HousingArrearsCommon):
    """A lease, three rent calls, a missed payment, the case opened by the nightly action, failed contacts, the
    unreachable flag, the payment, the case settled amicably."""

    def test_story(self):
        tenant = self.env["res.partner"].create({"name": "Yasmina Benali", "email": "y.benali@example.com"})
        lease = self._create_lease(
            self.unit_c,
            tenant,
            start=date(2025, 10, 1),
            rent_amount=420.0,
            charges_amount=60.0,
            benefit_amount=150.0,
            benefit_payer_id=self.caf.id,
            billing_mode="arrears",
        )
        self.assertEqual(lease.tenant_share, 330.0)
        detection = self.env.ref("housing_arrears.ir_cron_detect_arrears").sudo()
        invoices = self.env["account.move"]
        for period in (date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)):
            call = self.run_rent_call(period)
            invoices |= self.tenant_invoice(call, lease)
        self.assertEqual(invoices.mapped("amount_total"), [330.0, 330.0, 330.0])
        self.assertEqual(invoices.mapped("housing_period"), [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)])
        # January paid on time; February missed
        self.pay(invoices[0], pay_date=date(2026, 1, 6))
        with freeze_time("2026-01-20"):
            detection.method_direct_trigger()
        self.assertFalse(self.case_of(lease))
        with freeze_time("2026-02-16"):
            detection.method_direct_trigger()
        case = self.case_of(lease)
        self.assertTrue(case, "opened by the nightly action after the grace days")
        self.assertEqual(case.debt_amount, 330.0)
        self.assertEqual(case.user_id, self.cesf_user)
        self.assertEqual(case.last_payment_date, date(2026, 1, 6))
        # the officer calls three times without success
        case.stage_id = self.env.ref("housing_arrears.stage_contact")
        Contact = self.env["housing.arrears.contact"].with_user(self.cesf_user)
        for day, channel in ((17, "phone"), (19, "sms"), (23, "phone")):
            with freeze_time(f"2026-02-{day} 10:00:00"):
                Contact.create({"case_id": case.id, "channel": channel, "outcome": "no_answer"})
        self.assertTrue(case.unreachable)
        self.assertEqual(case.activity_ids.user_id, self.cesf_user)
        # March rent unpaid too: two months of arrears
        with freeze_time("2026-03-16"):
            detection.method_direct_trigger()
        self.assertEqual(case.debt_amount, 660.0)
        self.assertEqual(case.months_in_arrears, 2.0)
        # a home visit reaches the tenant, who pays everything
        with freeze_time("2026-03-18 15:00:00"):
            Contact.create({"case_id": case.id, "channel": "visit", "outcome": "reached", "note": "Job lost in January"})
        self.assertFalse(case.unreachable)
        self.pay(invoices[1:], pay_date=date(2026, 3, 20))
        with freeze_time("2026-03-21"):
            detection.method_direct_trigger()
        self.assertTrue(case.is_closed)
        self.assertEqual(case.closing_kind, "settled")
        self.assertTrue(case.settled_amicably)
        self.assertEqual(case.debt_amount, 0.0)
