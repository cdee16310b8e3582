from datetime import timedelta

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .housing_sector import POLES

URGENCIES = [("normal", "Normal"), ("high", "High"), ("critical", "Critical")]


class HousingArrearsCase(models.Model):
    """An arrears case: opened from the first unpaid rent, followed through the three poles until the debt is
    cleared or written off. The debt always comes from the posted, unreconciled receivable lines of the lease's
    rent invoices."""

    _name = "housing.arrears.case"
    _description = "Arrears Case"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "unreachable desc, months_in_arrears desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id", "lease_id"]

    name = fields.Char(compute="_compute_name", store=True, index="trigram")
    active = fields.Boolean(default=True)
    lease_id = fields.Many2one(
        "housing.lease",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
        check_company=True,
    )
    partner_id = fields.Many2one(related="lease_id.partner_id", store=True, index=True, string="Tenant")
    unit_id = fields.Many2one(related="lease_id.unit_id", store=True, string="Dwelling")
    agency_id = fields.Many2one(related="lease_id.agency_id", store=True, index=True)
    sector_id = fields.Many2one(related="lease_id.sector_id", store=True, index=True)
    company_id = fields.Many2one(related="lease_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    stage_id = fields.Many2one(
        "housing.arrears.stage",
        string="Stage",
        required=True,
        tracking=True,
        index=True,
        ondelete="restrict",
        group_expand="_read_group_stage_ids",
        default=lambda self: self.env["housing.arrears.stage"]._get_first_stage(),
        copy=False,
    )
    pole = fields.Selection(related="stage_id.pole", store=True)
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True, index=True)
    closing_kind = fields.Selection(related="stage_id.closing_kind", store=True)
    user_id = fields.Many2one(
        "res.users",
        string="Officer",
        tracking=True,
        index=True,
        default=lambda self: self.env.user,
    )
    date_open = fields.Date(string="Opened On", required=True, default=fields.Date.context_today)
    date_closed = fields.Date(string="Closed On", readonly=True, copy=False)
    left_prevention = fields.Boolean(
        string="Left the Prevention Pole",
        readonly=True,
        copy=False,
        help="Set once the case has been in the pre-litigation or litigation pole.",
    )
    settled_amicably = fields.Boolean(
        readonly=True,
        copy=False,
        help="Closed as settled without ever leaving the prevention (amicable) pole.",
    )
    # figures refreshed from the accounting by the nightly action
    debt_amount = fields.Monetary(string="Debt", readonly=True, tracking=True)
    monthly_share = fields.Monetary(related="lease_id.tenant_share", string="Monthly Tenant Share")
    months_in_arrears = fields.Float(string="Months of Arrears", readonly=True, digits=(6, 1))
    oldest_unpaid_date = fields.Date(string="Oldest Unpaid Rent", readonly=True)
    last_payment_date = fields.Date(readonly=True)
    days_since_last_payment = fields.Integer(readonly=True)
    tenant_departed = fields.Boolean(string="Departed Tenant", readonly=True, index=True)
    # contacts
    contact_ids = fields.One2many("housing.arrears.contact", "case_id", string="Contact Attempts")
    last_contact_date = fields.Datetime(compute="_compute_contact_stats", store=True)
    last_success_date = fields.Datetime(
        string="Last Successful Contact", compute="_compute_contact_stats", store=True
    )
    failed_attempts = fields.Integer(
        string="Consecutive Failed Attempts", compute="_compute_contact_stats", store=True
    )
    unreachable = fields.Boolean(string="Unreachable Tenant", readonly=True, tracking=True, index=True)
    unreachable_since = fields.Date(readonly=True)
    aid_request_ids = fields.One2many("housing.aid.request", "case_id", string="Aid Requests")
    aid_granted_amount = fields.Monetary(
        compute="_compute_aid_granted_amount",
        string="Aid Granted",
        help="Aid granted by the FSL and the benefit payer for this household's debt.",
    )
    urgency = fields.Selection(URGENCIES, compute="_compute_urgency", store=True)
    priority = fields.Selection([("0", "Normal"), ("1", "Important")], default="0")
    color = fields.Integer()
    note = fields.Html()

    # ------------------------------------------------------------------ computes
    @api.depends("lease_id.name", "date_open")
    def _compute_name(self):
        for case in self:
            case.name = (
                f"{case.lease_id.name} / {case.date_open:%Y-%m}" if case.lease_id and case.date_open else _("New")
            )

    @api.depends("contact_ids.date", "contact_ids.is_success")
    def _compute_contact_stats(self):
        for case in self:
            contacts = case.contact_ids.sorted(lambda c: (c.date, c.id), reverse=True)
            successes = contacts.filtered("is_success")
            case.last_contact_date = contacts[:1].date
            case.last_success_date = successes[:1].date
            failed = 0
            for contact in contacts:
                if contact.is_success:
                    break
                failed += 1
            case.failed_attempts = failed

    def _compute_aid_granted_amount(self):
        # granted amounts only: the content of social follow-up aid stays with the CESF
        totals = dict(
            self.env["housing.aid.request"]
            .sudo()
            ._read_group(
                [
                    ("case_id", "in", self.ids),
                    ("state", "=", "granted"),
                    ("scheme", "in", ("fsl_maintenance", "fsl_access", "fsl_energy", "benefit_payer")),
                ],
                ["case_id"],
                ["amount_granted:sum"],
            )
        )
        for case in self:
            case.aid_granted_amount = totals.get(case, 0.0)

    @api.depends("months_in_arrears", "unreachable", "tenant_departed")
    def _compute_urgency(self):
        for case in self:
            if case.unreachable or case.months_in_arrears >= 3:
                case.urgency = "critical"
            elif case.months_in_arrears >= 2 or case.tenant_departed:
                case.urgency = "high"
            else:
                case.urgency = "normal"

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([], order=stages._order)

    # ------------------------------------------------------------------ constraints
    def _check_no_open_case(self, leases):
        """Before inserting (the unique index would fail with a raw database error)."""
        open_case = self.search(
            [("lease_id", "in", leases.ids), ("is_closed", "=", False), ("id", "not in", self.ids)], limit=1
        )
        seen = set()
        duplicate = next((lease for lease in leases if lease.id in seen or seen.add(lease.id)), None)
        if open_case or duplicate:
            raise ValidationError(
                _(
                    "Lease %(lease)s already has an open arrears case.",
                    lease=(open_case.lease_id or duplicate).name,
                )
            )

    @api.constrains("lease_id", "stage_id", "active")
    def _check_one_open_case(self):
        open_cases = self.filtered(lambda case: case.active and not case.is_closed)
        if not open_cases:
            return
        others = self.search(
            [
                ("lease_id", "in", open_cases.lease_id.ids),
                ("is_closed", "=", False),
                ("id", "not in", open_cases.ids),
            ]
        )
        leases = open_cases.lease_id
        if others or len(leases) < len(open_cases):
            lease = (others.lease_id or open_cases.lease_id)[:1]
            raise ValidationError(
                _("Lease %(lease)s already has an open arrears case.", lease=lease.name)
            )

    def _auto_init(self):
        res = super()._auto_init()
        index = "housing_arrears_case_one_open_per_lease"
        if not tools.index_exists(self._cr, index):
            self._cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX %s ON %s (lease_id) WHERE active AND is_closed IS NOT TRUE",
                    SQL.identifier(index),
                    SQL.identifier(self._table),
                )
            )
        return res

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        Stage = self.env["housing.arrears.stage"]
        leases = self.env["housing.lease"].browse([vals.get("lease_id") for vals in vals_list])
        self._check_no_open_case(leases)
        first_stage = Stage._get_first_stage()
        for vals, lease in zip(vals_list, leases):
            vals.setdefault("stage_id", first_stage.id)
            stage = Stage.browse(vals["stage_id"])
            if "user_id" not in vals and lease.sector_id:
                officer = lease.sector_id._get_pole_user(stage.pole)
                if officer:
                    vals["user_id"] = officer.id
            if stage.pole in ("prelitigation", "litigation"):
                vals["left_prevention"] = True
        return super().create(vals_list)

    def write(self, vals):
        if "stage_id" not in vals:
            return super().write(vals)
        stage = self.env["housing.arrears.stage"].browse(vals["stage_id"])
        if stage.is_closed and not self.env.context.get("housing_closing"):
            self._check_manual_close(stage)
        reopened = self.filtered("is_closed") if not stage.is_closed else self.browse()
        if reopened:
            reopened._check_no_open_case(reopened.lease_id)
        moved = self.filtered(lambda case: case.stage_id != stage)
        old_poles = {case.id: case.pole for case in moved}
        if stage.is_closed:
            vals.setdefault("date_closed", fields.Date.context_today(self))
        elif "date_closed" not in vals:
            vals["date_closed"] = False
        if stage.pole in ("prelitigation", "litigation"):
            vals["left_prevention"] = True
        res = super().write(vals)
        if "user_id" not in vals and stage.pole:
            for case in moved.filtered(lambda c: old_poles[c.id] != stage.pole and c.sector_id):
                officer = case.sector_id._get_pole_user(stage.pole)
                if officer:
                    case.user_id = officer
        return res

    def _check_manual_close(self, stage):
        """A case is closed as settled only once its debt is cleared; a write-off goes through its approval."""
        if stage.closing_kind == "settled":
            self._refresh_from_accounting()
            owing = self.filtered(lambda case: case.currency_id.compare_amounts(case.debt_amount, 0) > 0)
            if owing:
                raise UserError(
                    _(
                        "Case %(case)s cannot be closed as settled: the tenant still owes %(debt)s.",
                        case=owing[0].name,
                        debt=tools.format_amount(self.env, owing[0].debt_amount, owing[0].currency_id),
                    )
                )
        else:
            raise UserError(
                _("A case is written off through a write-off request approved by an arrears manager.")
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        if any(
            case.contact_ids or case.is_closed or case.message_ids.filtered(lambda m: m.message_type == "comment")
            for case in self
        ):
            raise UserError(_("An arrears case with a history cannot be deleted: archive it instead."))

    # ------------------------------------------------------------------ actions
    def action_refresh(self):
        self._refresh_from_accounting()
        self._update_unreachable()
        return True

    def action_print_reminder(self):
        return self.env.ref("housing_arrears.action_report_reminder_letter").report_action(self)

    def action_send_reminder(self):
        self.ensure_one()
        template = self.env.ref("housing_arrears.mail_template_reminder_letter")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "force_email": True,
            },
        }

    def action_view_invoices(self):
        self.ensure_one()
        return self.lease_id.action_view_invoices()

    # ------------------------------------------------------------------ accounting
    def _get_unpaid_items(self):
        """Open receivable lines of the lease that are due, oldest first (for the letters)."""
        self.ensure_one()
        return self.env["account.move.line"].sudo().search(
            self._get_receivable_domain(self.company_id)
            + [
                ("housing_lease_id", "=", self.lease_id.id),
                ("amount_residual", ">", 0),
                ("date_maturity", "<=", fields.Date.context_today(self)),
            ],
            order="date_maturity, id",
        )

    @api.model
    def _get_receivable_domain(self, company):
        """Open tenant receivables: posted, unreconciled receivable lines of rent invoices."""
        return [
            ("company_id", "=", company.id),
            ("parent_state", "=", "posted"),
            ("account_type", "=", "asset_receivable"),
            ("reconciled", "=", False),
            ("housing_lease_id", "!=", False),
        ]

    def _get_debts(self, company, leases, on_date):
        """{lease: (debt, oldest due date)} of the given leases, for the items due on `on_date` or before."""
        lines = self.env["account.move.line"].sudo()
        return {
            lease: (residual, oldest)
            for lease, residual, oldest in lines._read_group(
                self._get_receivable_domain(company)
                + [("housing_lease_id", "in", leases.ids), ("date_maturity", "<=", on_date)],
                ["housing_lease_id"],
                ["amount_residual:sum", "date_maturity:min"],
            )
        }

    def _get_last_payments(self, company, partners):
        """{partner: date of the last payment credited on its receivable}."""
        lines = self.env["account.move.line"].sudo()
        return dict(
            lines._read_group(
                [
                    ("company_id", "=", company.id),
                    ("partner_id", "in", partners.ids),
                    ("parent_state", "=", "posted"),
                    ("account_type", "=", "asset_receivable"),
                    ("credit", ">", 0),
                    ("move_id.move_type", "=", "entry"),
                ],
                ["partner_id"],
                ["date:max"],
            )
        )

    def _refresh_from_accounting(self, today=None):
        """Refresh debt, months, oldest unpaid rent, last payment and departure, in a constant number of queries."""
        today = today or fields.Date.context_today(self)
        for company in self.company_id:
            cases = self.filtered(lambda case, company=company: case.company_id == company)
            debts = self._get_debts(company, cases.lease_id, today)
            payments = self._get_last_payments(company, cases.partner_id)
            for case in cases:
                lease = case.lease_id
                debt, oldest = debts.get(lease, (0.0, False))
                debt = max(case.currency_id.round(debt), 0.0)
                last_payment = payments.get(case.partner_id) or False
                reference = last_payment or lease.date_start
                vals = {
                    "debt_amount": debt,
                    "months_in_arrears": round(debt / lease.tenant_share, 1) if lease.tenant_share > 0 else 0.0,
                    "oldest_unpaid_date": oldest if debt else False,
                    "last_payment_date": last_payment,
                    "days_since_last_payment": max((today - reference).days, 0) if reference else 0,
                    "tenant_departed": lease._is_departed(today),
                }
                changed = {
                    fname: value
                    for fname, value in vals.items()
                    if case._fields[fname].convert_to_cache(value, case) != case[fname]
                    and not (fname == "debt_amount" and case.currency_id.compare_amounts(value, case[fname]) == 0)
                }
                if changed:
                    case.write(changed)

    # ------------------------------------------------------------------ unreachable tenant
    def _update_unreachable(self, today=None):
        """Flag the tenants who stopped answering: after N consecutive failed attempts or D days without a
        successful contact (company settings). Unflag them at the next successful contact."""
        today = today or fields.Date.context_today(self)
        newly = self.browse()
        for case in self.filtered(lambda c: not c.is_closed):
            company = case.company_id
            reference = fields.Date.to_date(case.last_success_date) if case.last_success_date else case.date_open
            unreachable = (
                case.failed_attempts >= company.housing_unreachable_attempts
                or (today - reference).days >= company.housing_unreachable_days
            )
            if unreachable and not case.unreachable:
                case.write({"unreachable": True, "unreachable_since": today})
                newly |= case
            elif not unreachable and case.unreachable:
                case.write({"unreachable": False, "unreachable_since": False})
        if newly:
            newly._on_unreachable()

    def _on_unreachable(self):
        """Hook: the tenants of these cases were just flagged unreachable. Warn the sector's prevention officer."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        for case in self:
            officer = case.sector_id.prevention_user_id or case.user_id or self.env.user
            case.activity_schedule(
                activity_type_id=todo.id,
                summary=_("Tenant unreachable"),
                note=_(
                    "The tenant of case %(case)s has stopped answering (%(attempts)s failed attempts in a row). "
                    "A tenant who flees contact is the one most at risk: try another channel or a home visit.",
                    case=case.name,
                    attempts=case.failed_attempts,
                ),
                user_id=officer.id,
            )

    # ------------------------------------------------------------------ nightly detection
    @api.model
    def _cron_detect_arrears(self):
        """Open a case for every lease whose overdue tenant share reaches the threshold, refresh the open cases,
        close the cleared ones as settled. Idempotent; one company at a time."""
        today = fields.Date.context_today(self)
        for company in self.env["res.company"].search([("chart_template", "!=", False)]):
            self.with_company(company).sudo()._detect_arrears(company, today)

    def _detect_arrears(self, company, today):
        open_cases = self.search([("company_id", "=", company.id), ("is_closed", "=", False)])
        new_cases = self._open_cases(self._get_leases_to_open(company, open_cases, today), today)
        cases = open_cases | new_cases
        cases._refresh_from_accounting(today)
        cleared = cases.filtered(lambda case: case.currency_id.compare_amounts(case.debt_amount, 0) <= 0)
        cleared._close_as_settled()
        (cases - cleared)._update_unreachable(today)
        return new_cases

    def _get_leases_to_open(self, company, open_cases, today):
        # overdue once the grace days after the due date have passed
        limit = today - timedelta(days=company.housing_case_grace_days)
        overdue = self.env["account.move.line"].sudo()._read_group(
            self._get_receivable_domain(company) + [("date_maturity", "<", limit)],
            ["housing_lease_id"],
            ["amount_residual:sum"],
        )
        with_case = set(open_cases.lease_id.ids)
        currency = company.currency_id
        leases = self.env["housing.lease"]
        for lease, amount in overdue:
            if lease.id in with_case:
                continue
            threshold = company.housing_case_threshold * lease.tenant_share
            if currency.compare_amounts(amount, max(threshold, currency.rounding)) >= 0:
                leases |= lease
        return leases

    def _prepare_case_vals(self, lease, today):
        return {"lease_id": lease.id, "date_open": today}

    def _open_cases(self, leases, today):
        """Create the cases of these leases in batch: followers by officer and one opening note each, so that
        the number of queries does not grow with the number of cases."""
        if not leases:
            return self.browse()
        cases = self.with_context(tracking_disable=True, mail_create_nolog=True).create(
            [self._prepare_case_vals(lease, today) for lease in leases]
        )
        cases = cases.with_env(self.env)
        for officer in cases.user_id:
            cases.filtered(lambda case, officer=officer: case.user_id == officer).message_subscribe(
                partner_ids=officer.partner_id.ids
            )
        body = _("Case opened by the nightly arrears detection.")
        cases._message_log_batch(bodies=dict.fromkeys(cases.ids, body))
        return cases

    def _close_as_settled(self):
        if not self:
            return
        stage = self.env["housing.arrears.stage"]._get_closing_stage("settled")
        if not stage:
            return
        for amicably in (True, False):
            cases = self.filtered(lambda case, amicably=amicably: case.left_prevention != amicably)
            if cases:
                cases.with_context(housing_closing=True).write(
                    {"stage_id": stage.id, "settled_amicably": amicably}
                )
        body = _("Debt cleared: the case is closed as settled.")
        self._message_log_batch(bodies=dict.fromkeys(self.ids, body))
