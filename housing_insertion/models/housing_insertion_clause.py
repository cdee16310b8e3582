from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_round

CLAUSE_MODES = [
    ("hours", "Number of hours"),
    ("share", "Share of the labour hours"),
]
# fields frozen once the clause is closed: the penalty was computed from them
FROZEN_FIELDS = (
    "mode",
    "target_hours",
    "labour_share",
    "insertion_rate",
    "hourly_cost",
    "penalty_per_hour",
    "date_start",
    "date_end",
    "order_id",
)
# days between two behind-schedule alerts on the same clause
ALERT_INTERVAL_DAYS = 30


def insertion_hours(amount, labour_share, insertion_rate, hourly_cost):
    """Target hours of a clause sized as a share of the labour hours.

    hours = amount x labour share x insertion rate / loaded hourly cost, shares given in percent, rounded to the
    nearest whole hour (half up) as the facilitators size clauses in whole hours:
    1,000,000 x 50 % x 5 % / 30 = 833.33 -> 833 h.
    """
    if hourly_cost <= 0:
        return 0.0
    hours = amount * (labour_share / 100.0) * (insertion_rate / 100.0) / hourly_cost
    return float_round(hours, precision_digits=0, rounding_method="HALF-UP")


class HousingInsertionClause(models.Model):
    """The insertion clause of a purchase order (one at most per order): the hours the supplier owes to people
    far from employment, the facilitator who follows them, and the hours done, counted from the hires' monthly
    declarations.

    A model of its own rather than fields on purchase.order: hires and hours point to it, it has its own life
    (open, then closed with its penalty), its own chatter and rights (insertion officers follow and close it
    without the right to change the order), and the facilitator's reporting reads a small table of clauses
    instead of every order."""

    _name = "housing.insertion.clause"
    _description = "Insertion Clause"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id"]

    name = fields.Char(compute="_compute_name", store=True, index="trigram")
    order_id = fields.Many2one(
        "purchase.order",
        string="Purchase Order",
        required=True,
        ondelete="cascade",
        index=True,
        tracking=True,
        check_company=True,
    )
    partner_id = fields.Many2one(related="order_id.partner_id", store=True, index=True, string="Supplier")
    user_id = fields.Many2one(related="order_id.user_id", store=True, string="Procurement Officer")
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="order_id.currency_id")
    order_state = fields.Selection(related="order_id.state", string="Order Status")
    housing_residence_id = fields.Many2one(related="order_id.housing_residence_id", store=True, string="Residence")
    state = fields.Selection(
        [("open", "In progress"), ("closed", "Closed")],
        string="Status",
        default="open",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    mode = fields.Selection(
        CLAUSE_MODES,
        required=True,
        default="hours",
        tracking=True,
        help="Number of hours: the target hours are written in the contract. Share of the labour hours: they are "
        "computed as amount x labour share x insertion rate / loaded hourly cost.",
    )
    amount_basis = fields.Monetary(
        string="Amount of the Works",
        compute="_compute_amount_basis",
        store=True,
        help="Untaxed amount of the order lines flagged as works under the clause; of all the lines when none is "
        "flagged.",
    )
    labour_share = fields.Float(
        string="Labour Share (%)", digits=(5, 2), help="Share of labour in the amount of the works."
    )
    insertion_rate = fields.Float(
        string="Insertion Rate (%)",
        digits=(5, 2),
        help="Share of the labour hours reserved for people far from employment (usually 5 to 10 %).",
    )
    hourly_cost = fields.Monetary(
        string="Loaded Hourly Cost", help="Hourly labour cost, charges included, used to turn amounts into hours."
    )
    target_hours = fields.Float(
        compute="_compute_target_hours",
        store=True,
        readonly=False,
        digits=(10, 2),
        tracking=True,
        help="Insertion hours owed by the supplier. Computed and rounded to the whole hour in share mode.",
    )
    facilitator_id = fields.Many2one(
        "res.partner",
        tracking=True,
        index=True,
        domain="[('insertion_facilitator', '=', True)]",
        help="Facilitator of the territory who follows the clause, checks the eligibility of the people hired "
        "and receives the figures.",
    )
    date_start = fields.Date(string="Period Start", default=fields.Date.context_today, tracking=True)
    date_end = fields.Date(string="Period End", tracking=True)
    penalty_per_hour = fields.Monetary(
        string="Penalty per Missing Hour", tracking=True, help="Set by the contract documents (CCAP)."
    )
    # the people: insertion officers only (the purchase users read the figures below)
    hire_ids = fields.One2many(
        "housing.insertion.hire", "clause_id", string="Hires", groups="housing_insertion.group_insertion_officer"
    )
    hours_ids = fields.One2many(
        "housing.insertion.hours",
        "clause_id",
        string="Declared Hours",
        groups="housing_insertion.group_insertion_officer",
    )
    hire_count = fields.Integer(compute="_compute_hire_count", string="Persons Hired")
    hours_done = fields.Float(
        compute="_compute_hours",
        store=True,
        digits=(10, 2),
        help="Hours declared month by month on the hires of this clause.",
    )
    completion_rate = fields.Float(
        string="Completion (%)", compute="_compute_hours", store=True, digits=(6, 1), aggregator="avg"
    )
    hours_owed = fields.Float(string="Hours Still Owed", compute="_compute_hours", store=True, digits=(10, 2))
    expected_hours = fields.Float(
        string="Hours Expected to Date",
        compute="_compute_schedule",
        digits=(10, 2),
        help="Target prorated over the part of the clause period already elapsed.",
    )
    behind_schedule = fields.Boolean(compute="_compute_schedule", search="_search_behind_schedule")
    date_closed = fields.Date(string="Closed On", readonly=True, copy=False)
    missing_hours = fields.Float(
        readonly=True, copy=False, digits=(10, 2), help="Hours still owed when the clause was closed."
    )
    penalty_amount = fields.Monetary(
        string="Penalty", readonly=True, copy=False, help="Missing hours x penalty per missing hour, at closing."
    )
    schedule_checked_date = fields.Date(readonly=True, copy=False)
    last_alert_date = fields.Date(string="Last Behind-Schedule Alert", readonly=True, copy=False)
    note = fields.Html()

    _sql_constraints = [
        ("order_uniq", "unique(order_id)", "A purchase order carries one insertion clause at most."),
    ]

    # ------------------------------------------------------------------ computes
    @api.depends("order_id.name")
    def _compute_name(self):
        for clause in self:
            clause.name = _("Clause %(order)s", order=clause.order_id.name) if clause.order_id else _("New")

    @api.depends(
        "order_id.order_line.price_subtotal",
        "order_id.order_line.insertion_clause_work",
        "order_id.order_line.display_type",
    )
    def _compute_amount_basis(self):
        for clause in self:
            lines = clause.order_id.order_line.filtered(lambda line: not line.display_type)
            works = lines.filtered("insertion_clause_work") or lines
            clause.amount_basis = sum(works.mapped("price_subtotal"))

    @api.depends("mode", "amount_basis", "labour_share", "insertion_rate", "hourly_cost")
    def _compute_target_hours(self):
        # in hours mode the target is typed in: keep it
        for clause in self.filtered(lambda c: c.mode == "share"):
            clause.target_hours = insertion_hours(
                clause.amount_basis, clause.labour_share, clause.insertion_rate, clause.hourly_cost
            )

    def _compute_hire_count(self):
        counts = dict(
            self.env["housing.insertion.hire"]
            .sudo()
            ._read_group([("clause_id", "in", self.ids)], ["clause_id"], ["__count"])
        )
        for clause in self:
            clause.hire_count = counts.get(clause._origin, 0)

    @api.depends("target_hours", "hours_ids.hours")
    def _compute_hours(self):
        # figures only: readable by the purchase users, who have no access to the hires themselves
        done = dict(
            self.env["housing.insertion.hours"]
            .sudo()
            ._read_group([("clause_id", "in", self._origin.ids)], ["clause_id"], ["hours:sum"])
        )
        for clause in self:
            hours = done.get(clause._origin, 0.0)
            clause.hours_done = hours
            clause.hours_owed = max(clause.target_hours - hours, 0.0)
            clause.completion_rate = 100.0 * hours / clause.target_hours if clause.target_hours > 0 else 0.0

    @api.depends("target_hours", "hours_done", "date_start", "date_end", "company_id")
    def _compute_schedule(self):
        today = fields.Date.context_today(self)
        for clause in self:
            clause.expected_hours = clause._get_expected_hours(today)
            clause.behind_schedule = clause._is_behind_schedule(today)

    def _search_behind_schedule(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("The clauses behind schedule can only be searched as behind or not behind."))
        today = fields.Date.context_today(self)
        # one search of the open clauses already started, the schedule of each computed from its stored hours
        started = self.search([("state", "=", "open"), ("date_start", "<=", today), ("target_hours", ">", 0)])
        behind = started.filtered(lambda clause: clause._is_behind_schedule(today))
        return [("id", "in" if (operator == "=") == value else "not in", behind.ids)]

    # ------------------------------------------------------------------ constraints
    @api.constrains(
        "order_id",
        "target_hours",
        "labour_share",
        "insertion_rate",
        "hourly_cost",
        "penalty_per_hour",
        "facilitator_id",
        "date_start",
        "date_end",
        "mode",
    )
    def _check_clause(self):
        for clause in self:
            order = clause.order_id.name
            if clause.target_hours < 0:
                raise ValidationError(_("Order %(order)s: the target hours cannot be negative.", order=order))
            if not 0 <= clause.labour_share <= 100 or not 0 <= clause.insertion_rate <= 100:
                raise ValidationError(
                    _(
                        "Order %(order)s: the labour share and the insertion rate are percentages between 0 and 100.",
                        order=order,
                    )
                )
            if clause.hourly_cost < 0 or clause.penalty_per_hour < 0:
                raise ValidationError(
                    _(
                        "Order %(order)s: the hourly cost and the penalty per missing hour cannot be negative.",
                        order=order,
                    )
                )
            if clause.mode == "share" and (
                clause.hourly_cost <= 0 or clause.labour_share <= 0 or clause.insertion_rate <= 0
            ):
                raise ValidationError(
                    _(
                        "Order %(order)s: a clause sized as a share of the labour hours needs the labour share, "
                        "the insertion rate and the loaded hourly cost.",
                        order=order,
                    )
                )
            if not clause.facilitator_id:
                raise ValidationError(
                    _(
                        "Order %(order)s: an insertion clause needs its facilitator, who follows the hours and "
                        "checks the eligibility of the people hired.",
                        order=order,
                    )
                )
            if not clause.date_start or not clause.date_end:
                raise ValidationError(
                    _("Order %(order)s: give the period of the insertion clause (start and end).", order=order)
                )
            if clause.date_end < clause.date_start:
                raise ValidationError(_("Order %(order)s: the clause period cannot end before it starts.", order=order))

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # sized as a share of the labour hours, the target is the formula's
            if vals.get("mode") == "share":
                vals.pop("target_hours", None)
        return super().create(vals_list)

    def write(self, vals):
        if "target_hours" in vals and (
            vals.get("mode") == "share" or ("mode" not in vals and any(c.mode == "share" for c in self))
        ):
            vals = dict(vals)
            vals.pop("target_hours")
        frozen = set(vals) & set(FROZEN_FIELDS)
        if frozen and self.filtered(lambda clause: clause.state == "closed"):
            raise UserError(_("A closed insertion clause cannot be changed: reopen it first."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_hires(self):
        if self.sudo().hire_ids:
            raise UserError(_("An insertion clause with hires cannot be deleted: close it instead."))

    # ------------------------------------------------------------------ actions
    def action_close(self):
        """Close the clauses and compute their penalty: missing hours x penalty per missing hour."""
        today = fields.Date.context_today(self)
        for clause in self:
            if clause.state == "closed":
                raise UserError(_("Clause %(clause)s is already closed.", clause=clause.name))
            missing = clause.hours_owed
            penalty = clause.currency_id.round(missing * clause.penalty_per_hour)
            clause.write({"state": "closed", "date_closed": today, "missing_hours": missing, "penalty_amount": penalty})
            clause.message_post(
                body=_(
                    "Clause closed: %(done)s hours done out of %(target)s, %(missing)s hours missing, "
                    "penalty %(penalty)s.",
                    done=tools.formatLang(self.env, clause.hours_done, digits=2),
                    target=tools.formatLang(self.env, clause.target_hours, digits=2),
                    missing=tools.formatLang(self.env, missing, digits=2),
                    penalty=tools.format_amount(self.env, penalty, clause.currency_id),
                )
            )
        return True

    def action_reopen(self):
        self.filtered(lambda clause: clause.state == "closed").write(
            {"state": "open", "date_closed": False, "missing_hours": 0.0, "penalty_amount": 0.0}
        )
        return True

    def action_view_hires(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("housing_insertion.housing_insertion_hire_action")
        action["domain"] = [("clause_id", "=", self.id)]
        action["context"] = {"default_clause_id": self.id, "default_employer_id": self.partner_id.id}
        return action

    def action_view_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "purchase.order",
            "res_id": self.order_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------------ schedule
    def _get_expected_hours(self, today):
        """Target prorated over the elapsed days of the period, both ends included."""
        self.ensure_one()
        if not (self.date_start and self.date_end) or today < self.date_start or self.target_hours <= 0:
            return 0.0
        total = (self.date_end - self.date_start).days + 1
        elapsed = (min(today, self.date_end) - self.date_start).days + 1
        return self.target_hours * elapsed / total

    def _is_behind_schedule(self, today):
        self.ensure_one()
        if self.state != "open":
            return False
        expected = self._get_expected_hours(today)
        return expected > 0 and self.hours_done < expected * self.company_id.housing_insertion_alert_rate / 100.0

    @api.model
    def _cron_check_schedule(self, batch_size=500):
        """Warn the procurement officer of each open clause that is behind schedule with an activity on the
        order. Idempotent: each clause is checked once a day, and is alerted again only once its last alert is
        done and older than a month. Works in batches and re-triggers itself when a batch is full."""
        today = fields.Date.context_today(self)
        remaining = False
        for company in self.env["res.company"].search([]):
            checked = self.with_company(company)._check_schedule(company, today, batch_size)
            remaining = remaining or len(checked) >= batch_size
        if remaining:
            self.env.ref("housing_insertion.ir_cron_insertion_schedule")._trigger()
        return True

    def _get_schedule_domain(self, company, today):
        return [
            ("company_id", "=", company.id),
            ("state", "=", "open"),
            ("date_start", "<=", today),
            ("target_hours", ">", 0),
            "|",
            ("schedule_checked_date", "=", False),
            ("schedule_checked_date", "<", today),
        ]

    def _check_schedule(self, company, today, limit):
        clauses = self.search(self._get_schedule_domain(company, today), limit=limit, order="id")
        behind = clauses.filtered(lambda clause: clause._is_behind_schedule(today))
        alerted = behind._alert_behind_schedule(today)
        clauses.write({"schedule_checked_date": today})
        alerted.write({"last_alert_date": today})
        return clauses

    def _alert_behind_schedule(self, today):
        """One activity per order, unless one is still open or the last alert is recent. Returns the clauses
        alerted."""
        if not self:
            return self
        activity_type = self.env.ref("housing_insertion.mail_activity_type_insertion_behind")
        open_activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "purchase.order"),
                ("res_id", "in", self.order_id.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        with_activity = set(open_activities.mapped("res_id"))
        recent = today - relativedelta(days=ALERT_INTERVAL_DAYS)
        clauses = self.filtered(
            lambda clause: (
                clause.order_id.id not in with_activity
                and not (clause.last_alert_date and clause.last_alert_date > recent)
            )
        )
        model_id = self.env["ir.model"]._get_id("purchase.order")
        # no assignment e-mail per activity (its cost grows with the batch): the activity shows in the officer's
        # agenda and activity menu
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [clause._prepare_behind_activity_vals(model_id, activity_type, today) for clause in clauses]
        )
        return clauses

    def _prepare_behind_activity_vals(self, model_id, activity_type, today):
        self.ensure_one()
        order = self.order_id
        return {
            "res_model_id": model_id,
            "res_id": order.id,
            "activity_type_id": activity_type.id,
            "user_id": (order.user_id or order.create_uid).id,
            "date_deadline": today,
            "summary": _("Insertion clause behind schedule"),
            "note": _(
                "Order %(order)s: %(done)s insertion hours done, %(expected)s expected to date out of %(target)s. "
                "Ask the supplier and the facilitator how the clause will be met.",
                order=order.name,
                done=tools.formatLang(self.env, self.hours_done, digits=2),
                expected=tools.formatLang(self.env, self._get_expected_hours(today), digits=2),
                target=tools.formatLang(self.env, self.target_hours, digits=2),
            ),
        }
