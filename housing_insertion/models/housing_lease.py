from odoo import fields, models

HIRE_READERS = "housing_arrears.group_arrears_officer,housing_cesf.group_cesf,housing_insertion.group_insertion_officer"


class HousingLease(models.Model):
    _inherit = "housing.lease"

    insertion_hire_ids = fields.One2many(
        "housing.insertion.hire",
        "lease_id",
        string="Hires",
        groups=HIRE_READERS,
        help="Hires of the members of the household referred for a job under an insertion clause.",
    )
