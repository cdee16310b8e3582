from odoo import fields, models


class HousingLegalStepCancel(models.TransientModel):
    _name = "housing.legal.step.cancel"
    _description = "Cancel a Procedure Step"

    step_ids = fields.Many2many("housing.legal.step", required=True)
    reason = fields.Text(required=True)

    def action_cancel(self):
        self.step_ids._cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
