from odoo import _, fields, models
from odoo.exceptions import UserError

from ..models.housing_insertion_candidate import CONSENT_SCOPES, ELIGIBILITY_CATEGORIES


class HousingCesfFollowupRefer(models.TransientModel):
    """From a CESF follow-up, refer a member of the household for a job under an insertion clause. The consent to
    the referral comes first: without its date and scope nothing is created. Only the minimum leaves the follow-up
    (the person, the lease, the consent, and what the CESF chooses to give: category and trades); the notes,
    budget and aid of the follow-up stay in it."""

    _name = "housing.cesf.followup.refer"
    _description = "Refer for Employment"

    followup_id = fields.Many2one("housing.cesf.followup", string="Social Follow-up", required=True, readonly=True)
    lease_id = fields.Many2one(related="followup_id.lease_id")
    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, help="The tenant or the member of the household referred."
    )
    consent_date = fields.Date(help="Date the person agreed to be referred to the facilitator.")
    consent_scope = fields.Selection(CONSENT_SCOPES)
    eligibility_category = fields.Selection(ELIGIBILITY_CATEGORIES)
    trade_ids = fields.Many2many("housing.insertion.trade", string="Trades")
    facilitator_id = fields.Many2one("res.partner", domain="[('insertion_facilitator', '=', True)]")

    def _prepare_candidate_vals(self):
        followup = self.followup_id
        return {
            "partner_id": self.partner_id.id,
            "lease_id": followup.lease_id.id,
            "cesf_followup_id": followup.id,
            "arrears_case_id": followup.origin_case_id.id,
            "company_id": followup.company_id.id,
            "referrer_kind": "cesf",
            "referrer_user_id": self.env.user.id,
            "consent_date": self.consent_date,
            "consent_scope": self.consent_scope,
            "eligibility_category": self.eligibility_category,
            "trade_ids": [fields.Command.set(self.trade_ids.ids)],
            "facilitator_id": self.facilitator_id.id,
        }

    def action_refer(self):
        self.ensure_one()
        if not (self.consent_date and self.consent_scope):
            raise UserError(
                _(
                    "Record the consent of %(person)s to the referral (date and scope) first: no data leaves the "
                    "social follow-up without it.",
                    person=self.partner_id.name,
                )
            )
        already = self.env["housing.insertion.candidate"].search(
            [("partner_id", "=", self.partner_id.id), ("state", "not in", ("ended", "withdrawn"))], limit=1
        )
        if already:
            raise UserError(_("%(person)s is already referred for employment.", person=self.partner_id.name))
        candidate = self.env["housing.insertion.candidate"].create(self._prepare_candidate_vals())
        self.followup_id.message_post(
            body=_("%(person)s referred for employment, with their consent.", person=self.partner_id.name)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "housing.insertion.candidate",
            "res_id": candidate.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
