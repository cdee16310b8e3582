from collections import defaultdict

from odoo import fields, models

HIRE_READERS = "housing_arrears.group_arrears_officer,housing_insertion.group_insertion_officer"


class HousingArrearsCase(models.Model):
    _inherit = "housing.arrears.case"

    insertion_hire_ids = fields.Many2many(
        "housing.insertion.hire",
        compute="_compute_insertion_hire_ids",
        string="Hires",
        groups=HIRE_READERS,
        help="Hires of the members of the household referred for a job under an insertion clause.",
    )
    insertion_hire_count = fields.Integer(compute="_compute_insertion_hire_ids", groups=HIRE_READERS)

    def _compute_insertion_hire_ids(self):
        hires = self.env["housing.insertion.hire"].search([("lease_id", "in", self.lease_id.ids)])
        by_lease = defaultdict(lambda: self.env["housing.insertion.hire"])
        for hire in hires:
            by_lease[hire.lease_id] |= hire
        for case in self:
            case.insertion_hire_ids = by_lease[case.lease_id]
            case.insertion_hire_count = len(case.insertion_hire_ids)

    def action_view_insertion_debt(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("housing_insertion.housing_insertion_debt_report_action")
        action["domain"] = [("lease_id", "=", self.lease_id.id)]
        return action
