import html
import re
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.housing_arrears.tests.common import HousingArrearsCommon


@tagged("post_install", "-at_install")
class TestLetters(HousingArrearsCommon):
    """The letters of the procedure, rendered in French with the amounts and dates the law asks for, and the batch of
    letters from the case list."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.batch_leases = cls._create_portfolio(12, "BAT")
        cls.lease_apl.housing_allocataire_number = "1234567"
        cls.company.housing_fsl_address = "FSL de l'Isère, 7 rue Fantin-Latour, 38000 Grenoble"
        cls.calls = [
            cls.env["housing.rent.call"].create({"period_start": period, "company_id": cls.company.id})
            for period in (date(2026, 1, 1), date(2026, 2, 1))
        ]
        for call in cls.calls:
            call.action_run()
        with freeze_time("2026-02-20"):
            cls.env.ref("housing_arrears.ir_cron_detect_arrears").sudo().method_direct_trigger()
        cls.case = cls.env["housing.arrears.case"].search([("lease_id", "=", cls.lease_apl.id)])  # 2 × 270 owed

    @staticmethod
    def text(content):
        """The text of a rendered letter: tags out, entities and non-breaking spaces read, spaces collapsed."""
        content = html.unescape(re.sub(r"<[^>]+>", " ", content)).replace("\ufeff", "")
        return re.sub(r"[\s\xa0\u202f]+", " ", content)

    def render(self, xmlid, records):
        report = self.env.ref(xmlid)
        return self.text(self.env["ir.actions.report"]._render_qweb_html(report.report_name, records.ids)[0].decode())

    def assertAllIn(self, texts, content):
        for text in texts:
            self.assertIn(text, content)

    @freeze_time("2026-02-20")
    def test_reminders_and_formal_notice(self):
        self.assertEqual(self.case.debt_amount, 540.0)
        common = ("Awa Diallo", "12 rue des Portiques", "38090 Villefontaine", "Agence Nord-Isère", "20/02/2026")
        first = self.render("housing_arrears.action_report_reminder_letter", self.case)
        self.assertAllIn(common[:-1] + ("540,00", "05/01/2026", "05/02/2026"), first)
        second = self.render("housing_letters.action_report_reminder_second", self.case)
        # six instalments of 90 € offered from March
        self.assertAllIn(common + ("deuxième relance", "échéancier", "90,00", "mars 2026", "août 2026"), second)
        invitation = self.render("housing_letters.action_report_meeting_invitation", self.case)
        self.assertAllIn(common + ("convocation à un rendez-vous", "540,00", "05/01/2026", "28/02/2026"), invitation)
        notice = self.render("housing_letters.action_report_formal_notice", self.case)
        self.assertAllIn(
            common
            + (
                "mise en demeure de payer",
                "6 semaines",  # the delay of the termination clause of a lease signed since 2023
                "recommandée avec accusé de réception",
                "540,00",
                "du 05/01/2026 au 05/02/2026",
                "07/03/2026",  # 15 days to pay
                "commandement de payer",
                "le bail sera résilié",
                "CCAPEX",
                "FSL de l'Isère, 7 rue Fantin-Latour",
                "CAF de l'Isère",
                "450,00",  # the monthly rent
            ),
            notice,
        )
        request = self.render("housing_letters.action_report_payment_order_request", self.case)
        self.assertAllIn(("commissaire de justice", "clause résolutoire", "540,00", "Awa Diallo", "450,00"), request)
        # a frozen debt is left out of the letters: nothing falls due since the admission
        self.env["housing.legal.step"].create(
            {"case_id": self.case.id, "step_type": "od_admission", "date": date(2026, 2, 20)}
        )
        self.assertEqual(self.case._letter_values()["debt"], 0.0)

    @freeze_time("2026-02-25")
    def test_plan_agreement(self):
        plan = self.env["housing.repayment.plan"].create(
            {
                "case_id": self.case.id,
                "debt_amount": 540.0,
                "start_month": date(2026, 3, 1),
                "instalment_count": 3,
                "signature_date": date(2026, 2, 25),
            }
        )
        plan.action_generate_schedule()
        content = self.render("housing_letters.action_report_plan_agreement", plan)
        self.assertAllIn(
            ("Awa Diallo", "540,00", "180,00", "mars 2026", "mai 2026", "première échéance impayée", "Lu et approuvé"),
            content,
        )

    @freeze_time("2026-02-25")
    def test_benefit_signal_and_ccapex(self):
        signal = self.env["housing.legal.step"].create(
            {"case_id": self.case.id, "step_type": "benefit_signal", "date": date(2026, 2, 25)}
        )
        self.assertTrue(signal.has_letter)
        signal.action_print_letter()
        self.assertEqual(len(signal.attachment_ids), 1, "the proof is kept on the step")
        content = self.text(signal.attachment_ids.raw.decode())
        self.assertAllIn(
            (
                "CAF de l'Isère",
                "R. 824-4",
                "Awa Diallo",
                "1234567",
                "12 rue des Portiques",
                "540,00",
                "du 05/01/2026 au 05/02/2026",
            ),
            content,
        )
        referral = self.env["housing.legal.step"].create(
            {"case_id": self.case.id, "step_type": "ccapex_referral", "date": date(2026, 2, 25), "channel": "exploc"}
        )
        content = self.render("housing_letters.action_report_ccapex_summary", referral)
        self.assertAllIn(("CCAPEX", "450,00", "50,00", "200,00", "540,00", "05/01/2026"), content)

    def test_rent_notice(self):
        notice = self.tenant_invoice(self.calls[1], self.lease_apl)
        values = notice._housing_notice_values()
        self.assertEqual(
            (values["rent"], values["charges"], values["rls"], values["benefit"], values["previous"], values["net"]),
            (450.0, 50.0, -30.0, -200.0, 270.0, 540.0),
        )
        content = self.render("housing_letters.action_report_rent_notice", notice)
        self.assertAllIn(("Avis d'échéance", "Loyer", "RLS", "450,00", "-200,00", "270,00", "540,00"), content)

    @freeze_time("2026-02-26")
    def test_batch_of_letters(self):
        cases = self.env["housing.arrears.case"].search([("lease_id", "in", self.batch_leases.ids)])
        self.assertEqual(len(cases), 12)
        cases[:4].partner_id.write({"email": "locataire@example.com"})
        batch = (
            self.env["housing.letter.batch"]
            .with_context(active_model="housing.arrears.case", active_ids=cases.ids)
            .create({"report_id": self.env.ref("housing_letters.action_report_formal_notice").id, "channel": "email"})
        )
        self.assertEqual(batch.case_count, 12)
        mails_before = self.env["mail.mail"].search_count([])
        action = batch.action_issue()
        contacts = self.env["housing.arrears.contact"].search([("case_id", "in", cases.ids)])
        self.assertEqual(len(contacts), 12)
        self.assertEqual(sorted(contacts.mapped("channel")), ["email"] * 4 + ["letter"] * 8)
        self.assertEqual(self.env["mail.mail"].search_count([]) - mails_before, 4)
        self.assertEqual(set(contacts.mail_id.mapped("state")), {"outgoing"})
        for contact in contacts:
            self.assertEqual(contact.attachment_id.res_id, contact.case_id.id)
            self.assertIn("mise en demeure de payer", contact.attachment_id.raw.decode())
        # the 8 letters to post come out in one document
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(len(action["context"]["active_ids"]), 8)
