from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    housing_legal_step_id = fields.Many2one(
        "housing.legal.step",
        string="Procedure Step",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
        help="Step of the procedure whose deadline this activity reminds: it moves when the deadline moves.",
    )
    housing_reminder_key = fields.Char(readonly=True, help="Which reminder of the step this activity is.")
