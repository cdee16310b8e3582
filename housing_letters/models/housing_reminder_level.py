from odoo import api, fields, models
from odoo.exceptions import ValidationError

LETTER_CHANNELS = [
    ("email", "E-mail"),
    ("letter", "Letter"),
    ("registered_letter", "Registered letter"),
]
ACTIVITY_POLES = [
    ("case", "Case officer"),
    ("prevention", "Prevention officer of the sector"),
    ("prelitigation", "Pre-litigation officer of the sector"),
]


class HousingReminderLevel(models.Model):
    """A level of the company's reminder scenario: sent once per debt episode, so many days after the due date of
    the oldest unpaid rent, on a channel, with its letter and its e-mail, a task for the officer and, if asked, an
    alert to the CESF."""

    _name = "housing.reminder.level"
    _description = "Reminder Level"
    _order = "company_id, sequence, delay_days, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    delay_days = fields.Integer(
        string="Days After the Due Date",
        required=True,
        help="The level is sent this many days after the due date of the oldest unpaid rent of the debt episode.",
    )
    channel = fields.Selection(
        LETTER_CHANNELS,
        required=True,
        default="letter",
        help="E-mail: sent through the mail queue with the letter attached (posted as a letter when the tenant has no "
        "e-mail address). Letter and registered letter: the letter is prepared and attached to the case, to be "
        "printed in batch and posted; a registered letter records its tracking number and its acknowledgement.",
    )
    report_id = fields.Many2one(
        "ir.actions.report",
        string="Letter",
        domain=[("model", "=", "housing.arrears.case"), ("report_type", "=", "qweb-pdf")],
        ondelete="restrict",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain=[("model", "=", "housing.arrears.case")],
        ondelete="restrict",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type", string="Task Type", ondelete="restrict", help="Empty: no task for the officer."
    )
    activity_summary = fields.Char(string="Task")
    activity_pole = fields.Selection(ACTIVITY_POLES, string="Task For", default="case", required=True)
    activity_days = fields.Integer(string="Task Due In (days)", default=3)
    alert_cesf = fields.Boolean(
        string="Alert the CESF",
        help="The social and family economy counsellor of the household (or the prevention officer of the sector) "
        "gets a task to look at the household's situation.",
    )
    step_type = fields.Selection(
        [("formal_notice", "Formal notice")],
        string="Record as Procedure Step",
        help="The letter is also recorded as a step of the procedure, with the letter attached.",
    )
    contact_count = fields.Integer(compute="_compute_contact_count", string="Sent")

    @api.constrains("delay_days", "channel", "report_id", "mail_template_id")
    def _check_level(self):
        for level in self:
            if level.delay_days < 0:
                raise ValidationError(
                    self.env._(
                        "Reminder level %(level)s: the delay after the due date cannot be negative.", level=level.name
                    )
                )
            if level.channel == "email" and not level.mail_template_id:
                raise ValidationError(
                    self.env._(
                        "Reminder level %(level)s is sent by e-mail: choose its e-mail template.", level=level.name
                    )
                )
            if level.channel != "email" and not level.report_id:
                raise ValidationError(
                    self.env._("Reminder level %(level)s is posted: choose the letter to print.", level=level.name)
                )

    def _compute_contact_count(self):
        counts = dict(
            self.env["housing.arrears.contact"]._read_group(
                [("reminder_level_id", "in", self.ids)], ["reminder_level_id"], ["__count"]
            )
        )
        for level in self:
            level.contact_count = counts.get(level, 0)

    def action_view_contacts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("housing_arrears.housing_arrears_contact_action")
        action["domain"] = [("reminder_level_id", "=", self.id)]
        action["context"] = {}
        return action
