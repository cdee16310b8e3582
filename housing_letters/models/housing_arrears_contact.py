from odoo import fields, models, tools
from odoo.tools import SQL


class HousingArrearsContact(models.Model):
    """A letter or an e-mail of the reminder scenario or of a batch is a contact attempt too: with its level, the
    due date of the debt episode it belongs to (sent once per case, level and episode), the letter, the queued
    e-mail and, for a registered letter, its tracking number and acknowledgement."""

    _inherit = "housing.arrears.contact"

    channel = fields.Selection(
        selection_add=[("registered_letter", "Registered letter")], ondelete={"registered_letter": "set default"}
    )
    reminder_level_id = fields.Many2one(
        "housing.reminder.level", readonly=True, index="btree_not_null", ondelete="restrict"
    )
    reminder_due_date = fields.Date(
        string="Episode Due Date",
        readonly=True,
        help="Due date of the oldest unpaid rent of the debt episode this reminder belongs to.",
    )
    attachment_id = fields.Many2one("ir.attachment", string="Document", readonly=True, ondelete="set null")
    mail_id = fields.Many2one("mail.mail", string="E-mail", readonly=True, ondelete="set null")
    mail_state = fields.Selection(related="mail_id.state", string="E-mail Status")
    tracking_number = fields.Char(help="Tracking number of the registered letter.")
    acknowledgement_date = fields.Date(
        string="Acknowledged On", help="Date of the acknowledgement of receipt (AR) of the registered letter."
    )

    def _auto_init(self):
        res = super()._auto_init()
        index = "housing_arrears_contact_reminder_once"
        if not tools.index_exists(self._cr, index):
            self._cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX %s ON %s (case_id, reminder_level_id, reminder_due_date) "
                    "WHERE reminder_level_id IS NOT NULL",
                    SQL.identifier(index),
                    SQL.identifier(self._table),
                )
            )
        return res

    def action_open_document(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": f"/web/content/{self.attachment_id.id}?download=true"}
