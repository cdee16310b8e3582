from odoo import _, api, fields, models

READERS = "housing_cesf.group_cesf,housing_insertion.group_insertion_officer"


class HousingCesfFollowup(models.Model):
    _inherit = "housing.cesf.followup"

    insertion_candidate_ids = fields.One2many(
        "housing.insertion.candidate", "cesf_followup_id", string="Employment Referrals", groups=READERS
    )
    insertion_candidate_count = fields.Integer(compute="_compute_insertion_candidate_count", groups=READERS)

    @api.depends("insertion_candidate_ids")
    def _compute_insertion_candidate_count(self):
        for followup in self:
            followup.insertion_candidate_count = len(followup.insertion_candidate_ids)

    def action_refer_for_employment(self):
        """Ask the referral consent and the minimum data, then create the candidate (see the wizard)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Refer for Employment"),
            "res_model": "housing.cesf.followup.refer",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_followup_id": self.id, "default_partner_id": self.partner_id.id},
        }

    def action_view_insertion_candidates(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("housing_insertion.housing_insertion_candidate_action")
        action["domain"] = [("cesf_followup_id", "=", self.id)]
        action["context"] = {"create": False}
        action["view_mode"] = "list,form"
        action["views"] = [(False, "list"), (False, "form")]
        return action
