# pylint: disable=consider-merging-classes-inherited
# (the reminders part of the generator: runs when housing_letters is installed too)
from odoo import api, models


class HousingDemoPortfolio(models.AbstractModel):
    _inherit = "housing.demo.portfolio"

    @api.model
    def _post_generate(self, rng, result):
        result = super()._post_generate(rng, result)
        # the reminder scenario when housing_letters is installed too
        if "housing.reminder.level" in self.env:
            result["reminded"] = self._generate_letters_demo(rng, result)
        return result

    @api.model
    def _generate_letters_demo(self, rng, result):
        """Cases at each level of the reminder scenario: the open cases of the prevention pole without a running plan
        get the levels up to one drawn at random (the letters rendered, attached and logged as the nightly job does;
        the formal notice moves its cases to pre-litigation). Returns the cases reminded."""
        today = result["today"]
        company = result["company"]
        Case = self.env["housing.arrears.case"].with_company(company).sudo()
        levels = self.env["housing.reminder.level"].search([("company_id", "=", company.id)])
        cases = result.get("cases", Case).filtered(
            lambda case: not case.is_closed and case.pole == "prevention" and not case._reminder_skip_reason()
        )
        if not levels or not cases:
            return Case
        reach = {case: rng.randint(0, len(levels) - 1) for case in cases.sorted("id")}
        for index, level in enumerate(levels):
            batch = Case.browse([case.id for case, last in reach.items() if last >= index])
            batch = batch.filtered("oldest_unpaid_date")
            if batch:
                batch._send_reminder_level(level, {case: case.oldest_unpaid_date for case in batch}, today)
        return Case.browse([case.id for case in reach])
