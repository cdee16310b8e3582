from markupsafe import Markup, escape

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date, format_datetime

# last contact attempts copied into the referral note
REFERRAL_CONTACTS = 5


class HousingArrearsCase(models.Model):
    """The arrears case refers the household to the CESF ("Refer to the CESF", or automatically when the tenant
    becomes unreachable) and shows that a follow-up exists, its stage and its CESF, never its content."""

    _inherit = "housing.arrears.case"

    cesf_followup_id = fields.Many2one(
        "housing.cesf.followup", compute="_compute_cesf_followup", string="Social Follow-up"
    )
    cesf_stage_id = fields.Many2one("housing.cesf.stage", compute="_compute_cesf_followup", string="Follow-up Stage")
    cesf_user_id = fields.Many2one("res.users", compute="_compute_cesf_followup", string="CESF")
    cesf_followup_open = fields.Boolean(compute="_compute_cesf_followup", string="Followed by the CESF")

    def _compute_cesf_followup(self):
        """The household's open follow-up, else the last one this case started; one query for all the cases.
        sudo: an arrears officer sees that a follow-up exists even outside the agencies of its CESF."""
        Followup = self.env["housing.cesf.followup"].sudo()
        followups = Followup.search(
            [
                "|",
                ("origin_case_id", "in", self.ids),
                "&",
                ("partner_id", "in", self.partner_id.ids),
                ("is_closed", "=", False),
            ],
            order="is_closed, date_open desc, id desc",
        )
        open_by_partner = {}
        by_case = {}
        for followup in followups:
            if not followup.is_closed:
                open_by_partner.setdefault(followup.partner_id.id, followup)
            if followup.origin_case_id:
                by_case.setdefault(followup.origin_case_id.id, followup)
        for case in self:
            followup = open_by_partner.get(case.partner_id.id) or by_case.get(case.id) or Followup
            case.cesf_followup_id = followup
            case.cesf_stage_id = followup.stage_id
            case.cesf_user_id = followup.user_id
            case.cesf_followup_open = bool(followup) and not followup.is_closed

    # ------------------------------------------------------------------ actions
    def action_refer_to_cesf(self):
        """Open a social follow-up for the household with the context of the case."""
        self.check_access("write")
        followed = self.filtered("cesf_followup_open")
        if followed:
            case = followed[0]
            raise UserError(
                _(
                    "The household of case %(case)s is already followed by %(cesf)s (follow-up %(followup)s).",
                    case=case.name,
                    cesf=case.cesf_user_id.name or _("the CESF"),
                    followup=case.cesf_followup_id.name,
                )
            )
        closed = self.filtered("is_closed")
        if closed:
            raise UserError(_("Case %(case)s is closed: there is nothing left to refer.", case=closed[0].name))
        followups = self._create_cesf_followups(
            intro=_("Referred by %(officer)s from the arrears case.", officer=self.env.user.name),
            summary=_("New referral from the arrears department"),
            notify=True,
        )
        for case, followup in zip(self, followups):
            case.message_post(
                body=_(
                    "Household referred to the CESF %(cesf)s (follow-up %(followup)s).",
                    cesf=followup.user_id.name or _("not assigned yet"),
                    followup=followup.name,
                )
            )
        if len(followups) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "housing.cesf.followup",
                "res_id": followups.id,
                "view_mode": "form",
                "views": [(False, "form")],
            }
        return True

    # ------------------------------------------------------------------ unreachable tenants
    def _on_unreachable(self):
        res = super()._on_unreachable()
        self._propose_to_cesf()
        return res

    def _propose_to_cesf(self):
        """Propose the households of these cases to the CESF: one follow-up "to do" each, unless the household is
        already followed; created in one batch."""
        cases = self.filtered(lambda case: not case.is_closed)
        if not cases:
            return self.env["housing.cesf.followup"]
        followed = set(
            self.env["housing.cesf.followup"]
            .sudo()
            .search([("partner_id", "in", cases.partner_id.ids), ("is_closed", "=", False)])
            .partner_id.ids
        )
        to_propose = self.browse()
        for case in cases:
            if case.partner_id.id not in followed:
                followed.add(case.partner_id.id)
                to_propose |= case
        return to_propose._create_cesf_followups(
            intro=_(
                "Proposed automatically: the tenant no longer answers the arrears department. A tenant who flees "
                "contact is the one most at risk; a home visit may be the only way to reach the household."
            ),
            summary=_("Unreachable tenant proposed to the CESF"),
        )

    # ------------------------------------------------------------------ helpers
    def _create_cesf_followups(self, intro, summary, notify=False):
        """Create the follow-ups of these cases in one batch (sudo: the arrears officer starts a follow-up he may
        not read the content of), tell each CESF with an activity, and log the referral."""
        if not self:
            return self.env["housing.cesf.followup"]
        notes = {case.id: case._get_cesf_referral_note(intro) for case in self}
        followups = (
            self.env["housing.cesf.followup"]
            .sudo()
            .with_context(mail_create_nosubscribe=True, mail_create_nolog=True, tracking_disable=True)
            .create([case._prepare_cesf_followup_vals(notes[case.id]) for case in self])
            .with_context(mail_create_nosubscribe=False, mail_create_nolog=False, tracking_disable=False)
        )
        followups._schedule_cesf_activities(
            summary, {followup.id: notes[followup.origin_case_id.id] for followup in followups}, notify=notify
        )
        body = _("Follow-up opened from an arrears case.")
        followups._message_log_batch(bodies=dict.fromkeys(followups.ids, body))
        return followups

    def _prepare_cesf_followup_vals(self, note):
        self.ensure_one()
        return {
            "partner_id": self.partner_id.id,
            "lease_id": self.lease_id.id,
            "company_id": self.company_id.id,
            "followup_type": "arrears",
            "origin": "arrears_case",
            "origin_case_id": self.id,
            "note": note,
        }

    def _get_cesf_referral_note(self, intro):
        """The context the CESF needs: debt, months, stage, officer, last payment and the last contacts."""
        self.ensure_one()
        channels = dict(self.env["housing.arrears.contact"]._fields["channel"]._description_selection(self.env))
        outcomes = dict(self.env["housing.arrears.contact"]._fields["outcome"]._description_selection(self.env))
        facts = [
            (_("Debt"), format_amount(self.env, self.debt_amount, self.currency_id)),
            (_("Months of arrears"), f"{self.months_in_arrears:.1f}"),
            (_("Stage of the case"), self.stage_id.name),
            (_("Arrears officer"), self.user_id.name or ""),
            (_("Last payment"), format_date(self.env, self.last_payment_date) if self.last_payment_date else _("none")),
            (_("Failed contact attempts in a row"), str(self.failed_attempts)),
        ]
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            intro,
            Markup("").join(Markup("<li>%s: %s</li>") % (label, value) for label, value in facts),
        )
        contacts = self.contact_ids.sorted(lambda c: (c.date, c.id), reverse=True)[:REFERRAL_CONTACTS]
        if contacts:
            items = Markup("").join(
                Markup("<li>%s, %s: %s%s</li>")
                % (
                    format_datetime(self.env, contact.date, dt_format="short"),
                    channels.get(contact.channel, ""),
                    outcomes.get(contact.outcome, ""),
                    Markup(" (%s)") % escape(contact.note) if contact.note else "",
                )
                for contact in contacts
            )
            body += Markup("<p>%s</p><ul>%s</ul>") % (_("Last contacts:"), items)
        return body
