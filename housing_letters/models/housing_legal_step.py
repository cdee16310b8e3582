from odoo import fields, models
from odoo.exceptions import UserError

# the letters of the procedure steps, by step type
STEP_LETTERS = {
    "benefit_signal": "housing_letters.action_report_benefit_signal",
    "ccapex_referral": "housing_letters.action_report_ccapex_summary",
}


class HousingLegalStep(models.Model):
    _inherit = "housing.legal.step"

    has_letter = fields.Boolean(compute="_compute_has_letter")

    def _compute_has_letter(self):
        for step in self:
            step.has_letter = step.step_type in STEP_LETTERS

    def action_print_letter(self):
        """Print the letter of the step (signalement to the benefit payer, CCAPEX referral summary) and keep it on
        the step as its proof."""
        self.ensure_one()
        xmlid = STEP_LETTERS.get(self.step_type)
        if not xmlid:
            raise UserError(self.env._("This step has no letter to print."))
        report = self.env.ref(xmlid)
        attachment = self.env["ir.actions.report"]._housing_render_attachments(report, self)[self]
        self.attachment_ids = [fields.Command.link(attachment.id)]
        self.case_id.message_post(
            body=self.env._("%(letter)s printed and kept on the step.", letter=report.name),
            attachment_ids=attachment.ids,
        )
        return report.report_action(self)

    def _letter_values(self):
        """The figures of the step's letter: those of the case on the step's date."""
        self.ensure_one()
        return self.case_id._letter_values(self.date)
