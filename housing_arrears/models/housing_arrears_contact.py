from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

CHANNELS = [
    ("phone", "Phone"),
    ("letter", "Letter"),
    ("email", "E-mail"),
    ("sms", "SMS"),
    ("visit", "Home visit"),
    ("appointment", "Office appointment"),
]
OUTCOMES = [
    ("reached", "Reached"),
    ("no_answer", "No answer"),
    ("wrong_number", "Wrong number"),
    ("refused", "Refused"),
    ("sent", "Sent"),
]


class HousingArrearsContact(models.Model):
    """An attempt to reach the tenant of an arrears case, and its outcome."""

    _name = "housing.arrears.contact"
    _description = "Arrears Contact Attempt"
    _order = "date desc, id desc"

    case_id = fields.Many2one("housing.arrears.case", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    agency_id = fields.Many2one(related="case_id.agency_id", store=True)
    partner_id = fields.Many2one(related="case_id.partner_id", string="Tenant")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    channel = fields.Selection(CHANNELS, required=True, default="phone")
    outcome = fields.Selection(OUTCOMES, required=True, default="reached")
    user_id = fields.Many2one("res.users", string="By", default=lambda self: self.env.user)
    note = fields.Text()
    is_success = fields.Boolean(compute="_compute_is_success", store=True)

    @api.depends("outcome")
    def _compute_is_success(self):
        for contact in self:
            contact.is_success = contact.outcome == "reached"

    @api.constrains("date")
    def _check_date(self):
        now = fields.Datetime.now()
        for contact in self:
            if contact.date > now:
                raise ValidationError(
                    _("A contact attempt cannot be dated in the future (%(date)s).", date=contact.date)
                )

    @api.model_create_multi
    def create(self, vals_list):
        contacts = super().create(vals_list)
        contacts.case_id._update_unreachable()
        return contacts

    def write(self, vals):
        res = super().write(vals)
        if {"outcome", "date"} & set(vals):
            self.case_id._update_unreachable()
        return res
