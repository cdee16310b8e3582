from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import pdf

from ..models.housing_reminder_level import LETTER_CHANNELS


class HousingLetterBatch(models.TransientModel):
    """Letters to the tenants of many cases at once (300 selected in the list): one PDF to print and post, or the
    e-mails queued; each letter is attached to its case and logged as a contact attempt."""

    _name = "housing.letter.batch"
    _description = "Batch of Letters"

    case_ids = fields.Many2many("housing.arrears.case", string="Cases", required=True)
    case_count = fields.Integer(compute="_compute_case_count", string="Cases Selected")
    report_id = fields.Many2one(
        "ir.actions.report",
        string="Letter",
        required=True,
        domain=[("model", "=", "housing.arrears.case"), ("report_type", "=", "qweb-pdf")],
        default=lambda self: self.env.ref("housing_arrears.action_report_reminder_letter", raise_if_not_found=False),
    )
    channel = fields.Selection(LETTER_CHANNELS, required=True, default="letter")
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain=[("model", "=", "housing.arrears.case")],
        default=lambda self: self.env.ref("housing_letters.mail_template_letter", raise_if_not_found=False),
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "housing.arrears.case" and "case_ids" in fields_list:
            values["case_ids"] = [fields.Command.set(self.env.context.get("active_ids", []))]
        return values

    @api.depends("case_ids")
    def _compute_case_count(self):
        for batch in self:
            batch.case_count = len(batch.case_ids)

    def _get_cases(self):
        self.ensure_one()
        cases = self.case_ids.filtered(lambda case: not case.is_closed)
        if not cases:
            raise UserError(self.env._("Select at least one open arrears case."))
        if self.channel == "email" and not self.mail_template_id:
            raise UserError(self.env._("Choose the e-mail template of the letters sent by e-mail."))
        cases.check_access("write")
        cases._check_letter_allowed()
        return cases

    def action_issue(self):
        """Issue the letters: attached to each case, logged, the e-mails queued; the letters to post are printed
        in one PDF."""
        self.ensure_one()
        cases = self._get_cases()
        contacts = cases.sudo()._issue_letters(
            self.report_id, self.channel, mail_template=self.mail_template_id, label=self.report_id.name
        )
        to_post = contacts.filtered(lambda contact: contact.channel != "email")
        if to_post:
            return self._print_action(to_post)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s e-mails queued.", count=len(contacts)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _print_action(self, contacts):
        """The letters to post in one PDF: the letters already rendered for the cases, merged (nothing rendered
        twice); printed again from the report when they are not PDF (the test runner renders HTML)."""
        attachments = contacts.attachment_id
        if not attachments or set(attachments.mapped("mimetype")) != {"application/pdf"}:
            return self.report_id.report_action(contacts.case_id.with_env(self.env), config=False)
        merged = self.env["ir.attachment"].create(
            {
                "name": self.env._(
                    "%(letter)s - %(count)s letters.pdf", letter=self.report_id.name, count=len(attachments)
                ),
                "raw": pdf.merge_pdf([attachment.raw for attachment in attachments]),
                "mimetype": "application/pdf",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        return {"type": "ir.actions.act_url", "url": f"/web/content/{merged.id}?download=true", "target": "self"}
