from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    housing_reminder_threshold = fields.Monetary(
        string="Reminder Threshold",
        currency_field="currency_id",
        default=1.0,
        help="The reminder scenario starts once the overdue tenant share of a lease reaches this amount (from the "
        "first euro); the arrears case threshold is another setting.",
    )
    housing_reminder_level_ids = fields.One2many("housing.reminder.level", "company_id", string="Reminder Scenario")
    housing_offer_months = fields.Integer(
        string="Schedule Offered (months)",
        default=6,
        help="The second reminder offers to repay the debt over this many monthly instalments.",
    )
    housing_meeting_days = fields.Integer(
        string="Meeting Within (days)",
        default=8,
        help="The invitation asks the tenant to come to the agency within this many days.",
    )
    housing_notice_days = fields.Integer(
        string="Formal Notice Deadline (days)",
        default=15,
        help="The formal notice gives the tenant this many days to pay before the procedure goes on.",
    )
    housing_fsl_address = fields.Text(
        string="FSL Address",
        help="Address of the département's housing solidarity fund (FSL), quoted in the formal notice and the "
        "request for a payment order.",
    )

    @api.constrains("housing_reminder_threshold", "housing_offer_months", "housing_meeting_days", "housing_notice_days")
    def _check_housing_letters_settings(self):
        for company in self:
            if company.housing_reminder_threshold <= 0:
                raise ValidationError(
                    self.env._("The reminder threshold must be greater than zero (1 € acts from the first euro).")
                )
            if min(company.housing_offer_months, company.housing_meeting_days, company.housing_notice_days) <= 0:
                raise ValidationError(
                    self.env._(
                        "The months of the schedule offered and the days of the meeting and the formal notice must be "
                        "greater than zero."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._housing_ensure_reminder_levels()
        return companies

    def _housing_default_reminder_levels(self):
        """The default scenario (domain brief §2.1): reminder 1 on day 10, reminder 2 with a schedule offer and an
        alert to the CESF on day 25, an invitation to a meeting on day 30, the formal notice by registered letter the
        next day."""
        self.ensure_one()
        ref = self.env.ref
        task = ref("housing_letters.mail_activity_type_reminder").id
        return [
            {
                "sequence": 10,
                "name": self.env._("Reminder 1"),
                "delay_days": 10,
                "channel": "email",
                "report_id": ref("housing_arrears.action_report_reminder_letter").id,
                "mail_template_id": ref("housing_letters.mail_template_reminder_first").id,
                "activity_type_id": task,
                "activity_summary": self.env._("Call the tenant about the unpaid rent"),
                "activity_pole": "case",
            },
            {
                "sequence": 20,
                "name": self.env._("Reminder 2 with a schedule offer"),
                "delay_days": 25,
                "channel": "letter",
                "report_id": ref("housing_letters.action_report_reminder_second").id,
                "mail_template_id": ref("housing_letters.mail_template_reminder_second").id,
                "activity_type_id": task,
                "activity_summary": self.env._("Post the second reminder and call the tenant about the schedule"),
                "activity_pole": "case",
                "alert_cesf": True,
            },
            {
                "sequence": 30,
                "name": self.env._("Invitation to a meeting"),
                "delay_days": 30,
                "channel": "letter",
                "report_id": ref("housing_letters.action_report_meeting_invitation").id,
                "mail_template_id": ref("housing_letters.mail_template_meeting_invitation").id,
                "activity_type_id": task,
                "activity_summary": self.env._("Post the invitation and prepare the meeting (aid, plan)"),
                "activity_pole": "prevention",
            },
            {
                "sequence": 40,
                "name": self.env._("Formal notice"),
                "delay_days": 31,
                "channel": "registered_letter",
                "report_id": ref("housing_letters.action_report_formal_notice").id,
                "activity_type_id": task,
                "activity_summary": self.env._(
                    "Send the formal notice by registered letter and record its tracking number"
                ),
                "activity_pole": "prelitigation",
                "step_type": "formal_notice",
            },
        ]

    def _housing_ensure_reminder_levels(self):
        """Create the default scenario of the companies that have none (archived levels count)."""
        Level = self.env["housing.reminder.level"].sudo().with_context(active_test=False)
        having = set(Level.search([("company_id", "in", self.ids)]).company_id.ids)
        vals_list = []
        for company in self.filtered(lambda company: company.id not in having):
            lang = company.partner_id.lang or self.env.lang
            company = company.with_context(lang=lang)
            vals_list += [{**vals, "company_id": company.id} for vals in company._housing_default_reminder_levels()]
        return Level.create(vals_list)
