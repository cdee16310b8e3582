from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.housing_arrears.tests.common import HousingArrearsCommon


@tagged("post_install", "-at_install")
class TestReminderScenario(HousingArrearsCommon):
    """Three months of a tenant who owes 10 € from January: the scenario opens a prevention case on day 10 and sends
    each level once, on its day; the debt cleared ends the episode, the March rent unpaid starts another. A frozen
    debt and a kept plan get nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tenant_apl.email = "awa.diallo@example.com"
        cls.lease_plan = cls._create_portfolio(1, "PLAN")
        cls.lease_lit = cls._create_portfolio(1, "LIT")
        cls.calls = [
            cls.env["housing.rent.call"].create({"period_start": period, "company_id": cls.company.id})
            for period in (date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1))
        ]
        for call in cls.calls:
            call.action_run()
        cls.levels = cls.env["housing.reminder.level"].search([("company_id", "=", cls.company.id)])

    def notice(self, month, lease):
        return self.tenant_invoice(self.calls[month - 1], lease)

    def night(self, day):
        """The nightly jobs of a day: the detection, then the reminders."""
        with freeze_time(day):
            self.env.ref("housing_arrears.ir_cron_detect_arrears").sudo().method_direct_trigger()
            self.env.ref("housing_letters.ir_cron_send_reminders").sudo().method_direct_trigger()

    def nights(self, first, last):
        day = first
        while day <= last:
            self.night(day)
            day += timedelta(days=1)

    def sent(self, lease):
        return self.env["housing.arrears.contact"].search(
            [("case_id.lease_id", "=", lease.id), ("reminder_level_id", "!=", False)], order="id"
        )

    def test_default_scenario(self):
        self.assertEqual(self.levels.mapped("delay_days"), [10, 25, 30, 31])
        self.assertEqual(self.levels.mapped("channel"), ["email", "letter", "letter", "registered_letter"])
        self.assertEqual(self.levels.mapped("alert_cesf"), [False, True, False, False])
        self.assertEqual(self.company.housing_reminder_threshold, 1.0)
        # bad settings are refused with a French message, nothing changed
        with self.assertRaisesRegex(ValidationError, "seuil de relance"):
            self.company.with_context(lang="fr_FR").housing_reminder_threshold = 0.0
        self.assertEqual(self.company.housing_reminder_threshold, 1.0)
        with self.assertRaisesRegex(ValidationError, "modèle d'e-mail"):
            self.levels[1].with_context(lang="fr_FR").write({"channel": "email", "mail_template_id": False})
        self.assertEqual(self.levels[1].channel, "letter")
        # a new company gets its own scenario
        other = self.env["res.company"].create({"name": "Autre bailleur"})
        self.assertEqual(len(self.env["housing.reminder.level"].search([("company_id", "=", other.id)])), 4)

    def test_three_months_scenario(self):
        R1 = self.levels[0]
        # January: Awa pays 260 of 270, 10 € stay unpaid; Marc (no e-mail) pays nothing; the third tenant neither
        self.pay(self.notice(1, self.lease_apl), amount=260.0, pay_date=date(2026, 1, 6))
        # February paid on its due date (paid earlier, the ledger would impute it on the January debt)
        self.pay(self.notice(2, self.lease_apl), pay_date=date(2026, 2, 5))
        self.pay(self.notice(2, self.lease_plain), pay_date=date(2026, 2, 5))
        self.nights(date(2026, 1, 6), date(2026, 1, 14))
        self.assertFalse(self.sent(self.lease_apl), "nothing before day 10")
        self.assertFalse(self.case_of(self.lease_apl))
        # day 10: the first euro opens a prevention case and reminder 1 goes by e-mail, through the mail queue; the
        # first run is killed in its middle and done again by the next one
        with freeze_time("2026-01-15"):
            self.env.ref("housing_arrears.ir_cron_detect_arrears").sudo().method_direct_trigger()
            self.run_like_odoo("housing_letters.ir_cron_send_reminders", kill={1})
            self.run_like_odoo("housing_letters.ir_cron_send_reminders")
        case = self.case_of(self.lease_apl)
        self.assertTrue(case.opened_by_reminders)
        self.assertEqual(case.pole, "prevention")
        self.assertEqual(case.debt_amount, 10.0)
        first = self.sent(self.lease_apl)
        self.assertEqual(first.reminder_level_id, R1)
        self.assertEqual(first.reminder_due_date, date(2026, 1, 5))
        self.assertEqual((first.channel, first.outcome), ("email", "sent"))
        self.assertTrue(first.attachment_id)
        self.assertEqual(first.attachment_id.res_model, "housing.arrears.case")
        self.assertEqual(first.mail_id.state, "outgoing", "queued, not sent by the job")
        self.assertIn(first.attachment_id, first.mail_id.attachment_ids)
        self.assertIn("awa.diallo@example.com", first.mail_id.email_to or first.mail_id.recipient_ids.email or "")
        self.assertEqual(case.failed_attempts, 0, "a letter sent is not a failed attempt")
        reminder_task = self.env.ref("housing_letters.mail_activity_type_reminder")
        self.assertEqual(
            case.activity_ids.filtered(lambda a: a.activity_type_id == reminder_task).user_id, case.user_id
        )
        # Marc has no e-mail address: his reminder 1 is a letter to post
        plain = self.sent(self.lease_plain)
        self.assertEqual((plain.reminder_level_id, plain.channel), (R1, "letter"))
        self.assertFalse(plain.mail_id)
        # the third tenant signs a plan: no more reminders while it is kept
        plan_case = self.case_of(self.lease_plan)
        self.assertEqual(self.sent(self.lease_plan).reminder_level_id, R1)
        with freeze_time("2026-01-20"):
            plan = self.env["housing.repayment.plan"].create(
                {
                    "case_id": plan_case.id,
                    "debt_amount": plan_case.debt_amount,
                    "start_month": date(2026, 3, 1),
                    "instalment_count": 4,
                    "signature_date": date(2026, 1, 20),
                }
            )
            plan.action_sign()
            # Marc's over-indebtedness file is admitted: his January debt is frozen
            self.env["housing.legal.step"].create(
                {"case_id": self.case_of(self.lease_plain).id, "step_type": "od_admission", "date": date(2026, 1, 20)}
            )
        self.assertEqual(plan.state, "active")
        # the fourth tenant's case goes to litigation: the procedure takes over from the reminders
        self.assertEqual(self.sent(self.lease_lit).reminder_level_id, R1)
        self.case_of(self.lease_lit).stage_id = self.env.ref("housing_arrears.stage_payment_order")
        # every night until the formal notice, and some more
        mails = self.env["mail.mail"].search([])
        self.nights(date(2026, 1, 16), date(2026, 2, 10))
        new_mails = self.env["mail.mail"].search([]) - mails
        self.assertFalse(new_mails.mapped("subject"), "letters to post, tasks, new officers: no e-mail sent")
        sent = self.sent(self.lease_apl)
        self.assertEqual(sent.reminder_level_id, self.levels, "each level once, nothing twice")
        self.assertEqual(
            [fields_date.date() for fields_date in sent.mapped("date")],
            [date(2026, 1, 15), date(2026, 1, 30), date(2026, 2, 4), date(2026, 2, 5)],
        )
        self.assertEqual(sent.mapped("channel"), ["email", "letter", "letter", "registered_letter"])
        self.assertTrue(all(sent.mapped("attachment_id")))
        # reminder 2 alerted the CESF (the prevention officer of the sector)
        alert = case.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("housing_letters.mail_activity_type_cesf_alert")
        )
        self.assertEqual(alert.user_id, self.cesf_user)
        # the formal notice is a step of the procedure, with its letter, and moves the case to pre-litigation
        notice_step = case.step_ids.filtered(lambda step: step.step_type == "formal_notice")
        self.assertEqual(notice_step.date, date(2026, 2, 5))
        self.assertEqual(notice_step.attachment_ids, sent[-1].attachment_id)
        self.assertEqual(case.pole, "prelitigation")
        # the registered letter records its tracking number and its acknowledgement
        sent[-1].write({"tracking_number": "1A 234 567 8901 2", "acknowledgement_date": date(2026, 2, 7)})
        self.assertFalse(self.sent(self.lease_plain) - plain, "frozen debt: no reminder")
        self.assertEqual(self.sent(self.lease_plan).reminder_level_id, R1, "kept plan: no reminder")
        self.assertEqual(self.sent(self.lease_lit).reminder_level_id, R1, "procedure under way: no reminder")
        # running the night again changes nothing
        self.night(date(2026, 2, 5))
        self.assertEqual(len(self.sent(self.lease_apl)), 4)
        # the 10 € are paid: the debt is cleared, the case closes and the episode ends
        self.pay(self.notice(1, self.lease_apl), pay_date=date(2026, 2, 12))
        self.night(date(2026, 2, 12))
        self.assertTrue(case.is_closed)
        # March unpaid: a new episode, level by level again from the March due date
        self.pay(self.notice(4, self.lease_apl), pay_date=date(2026, 4, 5))
        for day in (
            date(2026, 3, 14),
            date(2026, 3, 15),
            date(2026, 3, 29),
            date(2026, 3, 30),
            date(2026, 4, 4),
            date(2026, 4, 5),
            date(2026, 4, 6),
        ):
            self.night(day)
        new_case = self.case_of(self.lease_apl)
        self.assertNotEqual(new_case, case)
        again = self.sent(self.lease_apl) - sent
        self.assertEqual(again.reminder_level_id, self.levels)
        self.assertEqual(set(again.mapped("reminder_due_date")), {date(2026, 3, 5)})
        self.assertEqual(
            [contact.date.date() for contact in again],
            [date(2026, 3, 15), date(2026, 3, 30), date(2026, 4, 4), date(2026, 4, 5)],
        )
