from odoo import api, fields, models

CESF_GROUP = "housing_cesf.group_cesf"


class HousingAidRequest(models.Model):
    """An aid request made within a social follow-up is content of the follow-up: a global record rule hides it
    from everybody outside the CESF group. The arrears case still shows the FSL and benefit-payer amounts granted
    (its total reads the requests with sudo)."""

    _inherit = "housing.aid.request"
    # the requests of a social follow-up are its content (see tests/test_confidentiality.py)
    _housing_confidential = True
    _housing_confidential_domain = [("followup_id", "!=", False)]

    followup_id = fields.Many2one(
        "housing.cesf.followup",
        string="Social Follow-up",
        index=True,
        check_company=True,
        ondelete="restrict",
        groups=CESF_GROUP,
    )

    @api.onchange("followup_id")
    def _onchange_followup_id(self):
        followup = self.followup_id
        if followup:
            self.partner_id = followup.partner_id
            self.lease_id = followup.lease_id
            if followup.origin_case_id and not self.case_id:
                self.case_id = followup.origin_case_id
