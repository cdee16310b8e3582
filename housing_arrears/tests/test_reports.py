import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.tests import Form, tagged

from .common import HousingArrearsCommon


@tagged("post_install", "-at_install")
class TestReports(HousingArrearsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for period in (date(2026, 1, 1), date(2026, 2, 1)):
            call = cls.env["housing.rent.call"].create({"period_start": period, "company_id": cls.company.id})
            call.action_run()
        with freeze_time("2026-02-20"):
            cls.env.ref("housing_arrears.ir_cron_detect_arrears").sudo().method_direct_trigger()
        cls.case = cls.env["housing.arrears.case"].search([("lease_id", "=", cls.lease_apl.id)])
        cls.agency.partner_id = cls.env["res.partner"].create(
            {"name": "Agence Nord-Isère", "street": "2 place des Fontaines", "city": "Villefontaine", "phone": "04 74 00 00 00"}
        )

    def test_reminder_letter_in_french(self):
        with freeze_time("2026-02-20"):
            html, _format = self.env["ir.actions.report"]._render_qweb_html(
                "housing_arrears.report_reminder_letter", self.case.ids
            )
        html = html.decode()
        self.assertIn("Awa Diallo", html)
        self.assertIn(self.lease_apl.name, html)
        self.assertIn("Madame, Monsieur", html)
        self.assertIn("Fonds de solidarité pour le logement", html)
        self.assertIn("540,00", html, "the total due: January and February")
        self.assertIn("04 74 00 00 00", html)

    def test_reminder_sent_by_email_with_the_letter(self):
        self.tenant_apl.email = "awa.diallo@example.com"
        action = self.case.action_send_reminder()
        with freeze_time("2026-02-20"):
            composer = Form(self.env[action["res_model"]].with_context(action["context"]))
            composer.save().action_send_mail()
        message = self.case.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertTrue(message)
        self.assertIn(self.tenant_apl, message.partner_ids)
        self.assertTrue(message.attachment_ids, "the letter is attached")
        self.assertIn("impayés", message.subject)

    def test_xlsx_export(self):
        cases = self.env["housing.arrears.case"].search([("company_id", "=", self.company.id)])
        content, file_format = (
            self.env["ir.actions.report"]
            .with_context(lang="fr_FR")
            ._render_xlsx("housing_arrears.action_report_case_xlsx", cases.ids, {})
        )
        self.assertEqual(file_format, "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        headers = [cell.value for cell in sheet[1]]
        self.assertEqual(headers[:3], ["Dossier", "Locataire", "Bail"])
        self.assertIn("Injoignable", headers)
        self.assertEqual(sheet.max_row, len(cases) + 1)
        rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
        row = rows[self.case.name]
        self.assertEqual(row[headers.index("Dette")], 540.0)
        self.assertEqual(row[headers.index("Pôle")], "Prévention (amiable)")
        self.assertEqual(row[headers.index("Présent ou parti")], "Présent")
