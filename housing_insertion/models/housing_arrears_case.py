from odoo import api, fields, models

from .housing_lease import HIRE_READERS


class HousingArrearsCase(models.Model):
    _inherit = "housing.arrears.case"

    insertion_hire_ids = fields.One2many(related="lease_id.insertion_hire_ids", groups=HIRE_READERS)
    insertion_hire_count = fields.Integer(compute="_compute_insertion_hire_count", groups=HIRE_READERS)

    @api.depends("insertion_hire_ids")
    def _compute_insertion_hire_count(self):
        for case in self:
            case.insertion_hire_count = len(case.insertion_hire_ids)

    def action_view_insertion_debt(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("housing_insertion.housing_insertion_debt_report_action")
        action["domain"] = [("lease_id", "=", self.lease_id.id)]
        return action
