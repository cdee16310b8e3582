from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import format_date

from .res_company import UNIT_SCALES

CESF_GROUP = "housing_cesf.group_cesf"
# the reste à vivre per day divides the monthly amount by 30 days, as the FSL and CCAS regulations do
DAYS_PER_MONTH = 30


class HousingBudgetEvaluation(models.Model):
    """The budget of a followed household at a date: monthly resources and charges by category, the household's
    composition on a unit scale, and the two ratios the CESF and the commissions read:

    - taux d'effort (arrêté of 10 March 2011) = (rent + recoverable charges - housing benefit)
      / resources of the household other than the housing benefit;
    - reste à vivre = (resources - charges) / units, per month and per day (month / 30).

    The composition is a snapshot of the follow-up's members when the evaluation is created, so that an old
    evaluation keeps its figures when the household changes."""

    _name = "housing.budget.evaluation"
    _description = "Budget Evaluation"
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
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(related="followup_id.partner_id", string="Household")
    date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one("res.users", string="CESF", default=lambda self: self.env.user)
    # composition: snapshot of the follow-up's members
    person_count = fields.Integer(
        string="Persons", compute="_compute_composition", store=True, readonly=False, precompute=True
    )
    minor_count = fields.Integer(
        string="Under 18", compute="_compute_composition", store=True, readonly=False, precompute=True
    )
    under_14_count = fields.Integer(
        string="Under 14", compute="_compute_composition", store=True, readonly=False, precompute=True
    )
    unit_scale = fields.Selection(
        UNIT_SCALES,
        required=True,
        default=lambda self: self.env.company.housing_cesf_unit_scale,
    )
    units = fields.Float(compute="_compute_units", store=True, digits=(6, 2))
    # lines
    line_ids = fields.One2many("housing.budget.line", "evaluation_id", string="Lines", copy=True)
    resource_line_ids = fields.One2many(
        "housing.budget.line", "evaluation_id", string="Resources", domain=[("kind", "=", "resource")]
    )
    charge_line_ids = fields.One2many(
        "housing.budget.line", "evaluation_id", string="Charges", domain=[("kind", "=", "charge")]
    )
    # results
    resource_total = fields.Monetary(string="Total Resources", compute="_compute_results", store=True)
    benefit_amount = fields.Monetary(string="Housing Benefit", compute="_compute_results", store=True)
    income_amount = fields.Monetary(
        string="Income",
        compute="_compute_results",
        store=True,
        help="Resources of everyone living in the household, housing benefit excluded.",
    )
    charge_total = fields.Monetary(string="Total Charges", compute="_compute_results", store=True)
    housing_cost = fields.Monetary(
        string="Rent and Charges", compute="_compute_results", store=True, help="Rent and recoverable charges."
    )
    net_housing_cost = fields.Monetary(
        string="Rent after Benefit", compute="_compute_results", store=True, help="Rent and charges less the benefit."
    )
    balance_amount = fields.Monetary(string="Monthly Balance", compute="_compute_results", store=True)
    effort_rate = fields.Float(string="Taux d'Effort (%)", compute="_compute_results", store=True, digits=(6, 2))
    rav_month_unit = fields.Monetary(string="Reste à Vivre per Unit per Month", compute="_compute_results", store=True)
    rav_day_unit = fields.Monetary(string="Reste à Vivre per Unit per Day", compute="_compute_results", store=True)
    rav_threshold = fields.Monetary(
        string="Reste à Vivre Threshold",
        default=lambda self: self.env.company.housing_cesf_rav_threshold,
        help="Per unit and per day; from the settings, or the funder's own threshold.",
    )
    effort_threshold = fields.Float(
        string="Taux d'Effort Ceiling (%)",
        digits=(5, 2),
        default=lambda self: self.env.company.housing_cesf_effort_threshold,
    )
    rav_below_threshold = fields.Boolean(string="Reste à Vivre Too Low", compute="_compute_results", store=True)
    effort_above_threshold = fields.Boolean(string="Taux d'Effort Too High", compute="_compute_results", store=True)
    note = fields.Text(string="Comment")

    # ------------------------------------------------------------------ computes
    @api.depends("date", "followup_id")
    def _compute_display_name(self):
        for evaluation in self:
            evaluation.display_name = _(
                "Budget of %(household)s on %(date)s",
                household=evaluation.followup_id.partner_id.name or "",
                date=format_date(self.env, evaluation.date),
            )

    @api.depends("followup_id")
    def _compute_composition(self):
        for evaluation in self:
            members = evaluation.followup_id.member_ids
            evaluation.person_count = len(members)
            evaluation.minor_count = len(members.filtered("is_minor"))
            evaluation.under_14_count = len(members.filtered("is_under_14"))

    @api.depends("unit_scale", "person_count", "minor_count", "under_14_count")
    def _compute_units(self):
        for evaluation in self:
            evaluation.units = self._get_units(
                evaluation.unit_scale, evaluation.person_count, evaluation.minor_count, evaluation.under_14_count
            )

    @api.model
    def _get_units(self, scale, persons, minors, under_14):
        """Divisor of the reste à vivre for a household of `persons`, `minors` of them under 18 and `under_14`
        under 14.

        - oecd: 1 for the first adult (or the first person aged 14 or more), 0.5 for each other person aged 14 or
          more, 0.3 for each child under 14;
        - parts: 1 per person, plus 0.5 for a single parent (one adult with children), as departmental aid
          regulations count them;
        - persons: 1 per person.
        """
        if persons <= 0:
            return 0.0
        if scale == "persons":
            return float(persons)
        if scale == "parts":
            adults = persons - minors
            return persons + (0.5 if adults == 1 and minors else 0.0)
        aged_14_plus = persons - under_14
        if aged_14_plus:
            return 1.0 + 0.5 * (aged_14_plus - 1) + 0.3 * under_14
        return 1.0 + 0.3 * (under_14 - 1)

    @api.depends(
        "line_ids.amount",
        "line_ids.kind",
        "line_ids.housing_role",
        "units",
        "rav_threshold",
        "effort_threshold",
    )
    def _compute_results(self):
        for evaluation in self:
            currency = evaluation.currency_id
            resources = evaluation.line_ids.filtered(lambda line: line.kind == "resource")
            charges = evaluation.line_ids.filtered(lambda line: line.kind == "charge")
            resource_total = sum(resources.mapped("amount"))
            benefit = sum(resources.filtered(lambda line: line.housing_role == "benefit").mapped("amount"))
            charge_total = sum(charges.mapped("amount"))
            housing_cost = sum(charges.filtered(lambda line: line.housing_role in ("rent", "charges")).mapped("amount"))
            income = resource_total - benefit
            net_housing_cost = housing_cost - benefit
            balance = resource_total - charge_total
            rav_month = balance / evaluation.units if evaluation.units else 0.0
            rav_day = rav_month / DAYS_PER_MONTH
            evaluation.resource_total = resource_total
            evaluation.benefit_amount = benefit
            evaluation.income_amount = income
            evaluation.charge_total = charge_total
            evaluation.housing_cost = housing_cost
            evaluation.net_housing_cost = net_housing_cost
            evaluation.balance_amount = balance
            evaluation.effort_rate = 100.0 * net_housing_cost / income if income > 0 else 0.0
            evaluation.rav_month_unit = rav_month
            evaluation.rav_day_unit = rav_day
            evaluation.rav_below_threshold = (
                currency.compare_amounts(currency.round(rav_day), evaluation.rav_threshold) < 0
                if currency
                else rav_day < evaluation.rav_threshold
            )
            evaluation.effort_above_threshold = (
                evaluation.effort_rate > evaluation.effort_threshold if income > 0 else net_housing_cost > 0
            )

    # ------------------------------------------------------------------ constraints
    @api.constrains("person_count", "minor_count", "under_14_count")
    def _check_composition(self):
        for evaluation in self:
            if evaluation.person_count <= 0:
                raise ValidationError(self._no_member_message(evaluation.followup_id))
            if not 0 <= evaluation.under_14_count <= evaluation.minor_count <= evaluation.person_count:
                raise ValidationError(
                    _(
                        "Budget of %(household)s: the household counts %(persons)s persons, %(minors)s under 18 "
                        "and %(under_14)s under 14; those figures do not add up.",
                        household=evaluation.partner_id.name,
                        persons=evaluation.person_count,
                        minors=evaluation.minor_count,
                        under_14=evaluation.under_14_count,
                    )
                )

    @api.constrains("rav_threshold", "effort_threshold")
    def _check_thresholds(self):
        for evaluation in self:
            if evaluation.rav_threshold < 0 or not 0 < evaluation.effort_threshold <= 100:
                raise ValidationError(
                    _(
                        "The reste à vivre threshold cannot be negative and the taux d'effort ceiling is a "
                        "percentage between 0 and 100."
                    )
                )

    @api.model
    def _no_member_message(self, followup):
        return _(
            "The household of follow-up %(followup)s has no member: enter its members and their age bands on the "
            "follow-up before evaluating its budget.",
            followup=followup.display_name,
        )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        followups = self.env["housing.cesf.followup"].browse(
            {vals["followup_id"] for vals in vals_list if vals.get("followup_id")}
        )
        self._check_followup_access(followups)
        by_id = {followup.id: followup for followup in followups}
        role_categories = self.env["housing.budget.category"].search([("housing_role", "!=", False)])
        for vals in vals_list:
            followup = by_id.get(vals.get("followup_id"))
            if not followup:
                continue
            if "person_count" not in vals and not followup.member_ids:
                raise ValidationError(self._no_member_message(followup))
            if "line_ids" not in vals and "resource_line_ids" not in vals and "charge_line_ids" not in vals:
                vals["line_ids"] = self._prepare_lease_lines(followup.lease_id, role_categories)
        return super().create(vals_list)

    @api.model
    def _check_followup_access(self, followups):
        """An evaluation is the content of a follow-up: only the CESF who may read and write it evaluate."""
        if self.env.su:
            return
        if not self.env.user.has_group(CESF_GROUP) or not followups.has_access("write"):
            raise AccessError(
                _(
                    "You may not read this social follow-up, so you cannot evaluate its budget: only the CESF in "
                    "charge of the household and the CESF managers can."
                )
            )

    @api.model
    def _prepare_lease_lines(self, lease, role_categories):
        """Start from the lease: rent (after the RLS, with the SLS), recoverable charges and housing benefit."""
        if not lease:
            return []
        category = {cat.housing_role: cat for cat in role_categories}
        amounts = [
            ("rent", lease.rent_amount - lease.rls_amount + lease.sls_amount),
            ("charges", lease.charges_amount),
            ("benefit", lease.benefit_amount),
        ]
        return [
            fields.Command.create({"category_id": category[role].id, "amount": amount, "name": lease.name})
            for role, amount in amounts
            if amount and role in category
        ]

    # ------------------------------------------------------------------ actions
    def action_print(self):
        return self.env.ref("housing_cesf.action_report_budget_evaluation").report_action(self)
