import random
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.housing_arrears.tests.common import HousingArrearsCommon

from .common import skip_unless_installed


@tagged("post_install", "-at_install")
@skip_unless_installed("housing.reminder.level")
class TestDemoLetters(HousingArrearsCommon):
    def test_cases_at_each_level(self):
        self._create_portfolio(12, "DEMO")
        for period in (date(2026, 1, 1), date(2026, 2, 1)):
            self.run_rent_call(period)
        with freeze_time("2026-02-20"):
            self.env.ref("housing_arrears.ir_cron_detect_arrears").sudo().method_direct_trigger()
            cases = self.env["housing.arrears.case"].search([("company_id", "=", self.company.id)])
            result = {"company": self.company, "cases": cases, "today": date(2026, 2, 20)}
            reminded = self.env["housing.demo.portfolio"].sudo()._generate_letters_demo(random.Random(42), result)
        levels = self.env["housing.reminder.level"].search([("company_id", "=", self.company.id)])
        self.assertEqual(reminded.reminder_level_id, levels, "cases at each level of the scenario")
        for case in reminded:
            sent = case.contact_ids.filtered("reminder_level_id")
            self.assertEqual(
                sent.reminder_level_id,
                levels.filtered(lambda level, case=case: level.sequence <= case.reminder_level_id.sequence),
            )
            self.assertTrue(all(sent.mapped("attachment_id")))
