from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_datetime

MODES = [
    ("home_visit", "Home visit"),
    ("phone", "Phone call"),
    ("office", "Office interview"),
    ("liaison", "Liaison with the sector's social worker"),
]
STATES = [
    ("planned", "Planned"),
    ("done", "Done"),
    ("absent", "Household absent"),
    ("cancelled", "Cancelled"),
]


class HousingCesfIntervention(models.Model):
    """A step of the follow-up: home visit, phone call, office interview or liaison with the sector's social
    worker. A home visit is an event in the CESF's own agenda at the dwelling's address; once its date has passed,
    an activity asks the CESF for its outcome."""

    _name = "housing.cesf.intervention"
    _description = "Social Follow-up Intervention"
    _order = "date desc, id desc"
    _check_company_auto = True
    # content of a social follow-up: for the CESF only (access rights), see tests/test_confidentiality.py
    _housing_confidential = True

    followup_id = fields.Many2one(
        "housing.cesf.followup",
        string="Social Follow-up",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="followup_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="followup_id.partner_id", string="Household")
    agency_id = fields.Many2one(related="followup_id.agency_id", store=True, index=True)
    sector_id = fields.Many2one(related="followup_id.sector_id", store=True, index=True)
    followup_type = fields.Selection(related="followup_id.followup_type", store=True, string="Follow-up Type")
    mode = fields.Selection(MODES, required=True, default="home_visit")
    date = fields.Datetime()
    duration = fields.Float(default=1.0, help="In hours.")
    user_id = fields.Many2one("res.users", string="CESF", required=True, default=lambda self: self.env.user)
    state = fields.Selection(STATES, string="Status", required=True, default="planned")
    location = fields.Char(compute="_compute_location", store=True, readonly=False, precompute=True)
    report = fields.Html(help="What was seen and agreed; read by the CESF only.")
    event_id = fields.Many2one("calendar.event", string="Agenda Event", readonly=True, ondelete="set null", copy=False)
    outcome_activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null", copy=False)

    # ------------------------------------------------------------------ computes
    @api.depends("followup_id", "mode")
    def _compute_location(self):
        for intervention in self:
            if intervention.mode != "home_visit":
                intervention.location = False
                continue
            followup = intervention.followup_id
            if followup.unit_id:
                intervention.location = followup.unit_id._display_address()
            else:
                address = followup.partner_id._display_address(without_company=True) or ""
                intervention.location = ", ".join(part.strip() for part in address.splitlines() if part.strip())

    @api.depends("mode", "date", "partner_id")
    def _compute_display_name(self):
        labels = dict(self._fields["mode"]._description_selection(self.env))
        for intervention in self:
            when = format_datetime(self.env, intervention.date, dt_format="short") if intervention.date else ""
            intervention.display_name = " - ".join(
                part for part in (labels.get(intervention.mode), intervention.partner_id.name, when) if part
            )

    # ------------------------------------------------------------------ constraints
    @api.constrains("date", "mode", "state")
    def _check_date(self):
        now = fields.Datetime.now()
        for intervention in self:
            if not intervention.date:
                if intervention.mode == "home_visit":
                    raise ValidationError(
                        _(
                            "Enter the date of the home visit: it goes into the CESF's agenda, with the address of "
                            "the dwelling."
                        )
                    )
                raise ValidationError(_("Enter the date of the intervention."))
            if intervention.state in ("done", "absent") and intervention.date > now:
                raise ValidationError(
                    _(
                        "An intervention planned on %(date)s cannot have an outcome yet.",
                        date=format_datetime(self.env, intervention.date, dt_format="short"),
                    )
                )

    @api.constrains("duration")
    def _check_duration(self):
        for intervention in self:
            if intervention.duration < 0:
                raise ValidationError(_("The duration of an intervention cannot be negative."))

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        interventions = super().create(vals_list)
        interventions._sync_events()
        return interventions

    def write(self, vals):
        res = super().write(vals)
        if {"date", "duration", "user_id", "location", "state", "mode"} & set(vals):
            self._sync_events()
        if vals.get("state") in ("done", "absent", "cancelled"):
            self._close_outcome_activities()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if self.filtered(lambda i: i.state in ("done", "absent")):
            raise UserError(
                _("An intervention that took place stays in the follow-up: correct it instead of deleting it.")
            )

    def unlink(self):
        # sudo: the event of a visit planned by a colleague is private to her (see _sync_events)
        events = self.event_id.sudo()
        self._close_outcome_activities()
        res = super().unlink()
        events.unlink()
        return res

    # ------------------------------------------------------------------ actions
    def action_done(self):
        self.write({"state": "done"})

    def action_absent(self):
        self.write({"state": "absent"})

    def action_cancel(self):
        self.write({"state": "cancelled"})

    # ------------------------------------------------------------------ agenda
    def _prepare_event_vals(self):
        self.ensure_one()
        return {
            "name": _("Home visit: %(household)s", household=self.partner_id.name),
            "start": self.date,
            "stop": self.date + timedelta(hours=self.duration or 1.0),
            "user_id": self.user_id.id,
            "partner_ids": [fields.Command.set(self.user_id.partner_id.ids)],
            "location": self.location,
            # the agenda shows the others that the CESF is busy, nothing more
            "privacy": "private",
            "housing_cesf_visit": True,
            "description": _("Social follow-up %(reference)s.", reference=self.followup_id.name),
        }

    def _sync_events(self):
        """Keep the agenda in line with the home visits: create the events of the planned ones in one batch, move
        the changed ones, delete those of cancelled visits or of interventions that are no longer home visits.

        The event is private to the CESF of the visit, but the visit is the follow-up's: a CESF colleague of the
        agency or a CESF manager who may write the intervention (checked here) reschedules or cancels it, and so
        moves or deletes the event (sudo); a new CESF of the visit gets it in her agenda."""
        self.check_access("write")
        Event = self.env["calendar.event"].sudo().with_context(no_mail_to_attendees=True, dont_notify=True)
        visits = self.filtered(lambda i: i.mode == "home_visit" and i.state != "cancelled" and i.date)
        (self - visits).event_id.sudo().unlink()
        to_create = visits.filtered(lambda i: i.state == "planned" and not i.event_id)
        if to_create:
            events = Event.create([intervention._prepare_event_vals() for intervention in to_create])
            for intervention, event in zip(to_create, events):
                intervention.event_id = event
        for intervention in (visits - to_create).filtered("event_id"):
            vals = intervention._prepare_event_vals()
            event = intervention.event_id.with_env(Event.env)
            changed = {
                key: vals[key]
                for key in ("start", "stop", "location", "user_id")
                if event._fields[key].convert_to_cache(vals[key], event)
                != event._fields[key].convert_to_cache(event[key], event)
            }
            if "user_id" in changed:
                changed["partner_ids"] = vals["partner_ids"]
            if changed:
                event.write(changed)

    def _close_outcome_activities(self):
        activities = self.outcome_activity_id.exists()
        if activities:
            activities.sudo().action_feedback(feedback=_("Outcome of the visit recorded."))

    @api.model
    def _cron_request_visit_outcomes(self):
        """Once the date of a planned home visit has passed, ask its CESF for the outcome with an activity on the
        follow-up. Idempotent: one activity per visit, created in one batch."""
        visits = self.search(
            [
                ("mode", "=", "home_visit"),
                ("state", "=", "planned"),
                ("date", "<=", fields.Datetime.now()),
                ("outcome_activity_id", "=", False),
            ]
        )
        if not visits:
            return
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("housing.cesf.followup")
        today = fields.Date.context_today(self)
        # the activities read the name of their follow-up one by one: have them all in the cache first
        visits.followup_id.mapped("display_name")
        # no e-mail per activity: the CESF finds them in her activities, the morning after the visit
        activities = (
            self.env["mail.activity"]
            .with_context(mail_activity_quick_update=True)
            .create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": visit.followup_id.id,
                        "activity_type_id": todo.id,
                        "summary": _("Outcome of the home visit"),
                        "note": _(
                            "The home visit of %(date)s has taken place: record its outcome (done, household absent or "
                            "cancelled) and its report.",
                            date=format_datetime(self.env, visit.date, tz=visit.user_id.tz, dt_format="short"),
                        ),
                        "user_id": visit.user_id.id,
                        "date_deadline": today,
                    }
                    for visit in visits
                ]
            )
        )
        for visit, activity in zip(visits, activities):
            visit.outcome_activity_id = activity
