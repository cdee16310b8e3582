from collections import defaultdict

from odoo import api, models


class MailActivity(models.Model):
    """An activity of a confidential thread (its summary and note are content) is assigned only to somebody who may
    read that content: the assignee reads it in his activities, and becomes a follower."""

    _inherit = "mail.activity"

    @api.model_create_multi
    def create(self, vals_list):
        IrModel = self.env["ir.model"].sudo()
        assigned = defaultdict(set)  # (model, user id): record ids
        for vals in vals_list:
            res_model = vals.get("res_model") or (
                vals.get("res_model_id") and IrModel.browse(vals["res_model_id"]).model
            )
            if res_model and vals.get("res_id") and getattr(self.env[res_model], "_housing_confidential_thread", False):
                assigned[res_model, vals.get("user_id") or self.env.uid].add(vals["res_id"])
        self._housing_check_assignees(assigned)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("user_id"):
            assigned = defaultdict(set)
            for activity in self.sudo():
                if getattr(self.env[activity.res_model], "_housing_confidential_thread", False):
                    assigned[activity.res_model, vals["user_id"]].add(activity.res_id)
            self._housing_check_assignees(assigned)
        return super().write(vals)

    def _housing_check_assignees(self, assigned):
        for (res_model, user_id), res_ids in assigned.items():
            user = self.env["res.users"].sudo().browse(user_id)
            self.env[res_model].browse(res_ids)._housing_check_recipients(user.partner_id.ids)
