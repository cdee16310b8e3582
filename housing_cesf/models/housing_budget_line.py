from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class HousingBudgetLine(models.Model):
    """A monthly resource or charge of a budget evaluation. No company of its own: the lines are reached through
    their evaluation, whose rules (company, CESF) apply to them."""

    _name = "housing.budget.line"
    _description = "Budget Line"
    _order = "evaluation_id, kind desc, sequence, id"
    # content of a social follow-up: for the CESF only (access rights), see tests/test_confidentiality.py
    _housing_confidential = True

    evaluation_id = fields.Many2one("housing.budget.evaluation", required=True, ondelete="cascade", index=True)
    currency_id = fields.Many2one(related="evaluation_id.currency_id")
    sequence = fields.Integer(default=10)
    category_id = fields.Many2one("housing.budget.category", required=True, ondelete="restrict")
    kind = fields.Selection(related="category_id.kind", store=True)
    housing_role = fields.Selection(related="category_id.housing_role", store=True)
    name = fields.Char(string="Detail")
    amount = fields.Monetary(string="Monthly Amount")

    @api.constrains("amount")
    def _check_amount(self):
        for line in self:
            if line.currency_id.compare_amounts(line.amount, 0.0) < 0:
                raise ValidationError(
                    _(
                        "Budget line %(line)s: the amount cannot be negative (%(amount)s). Enter every resource and "
                        "every charge as a positive monthly amount.",
                        line=line.name or line.category_id.name,
                        amount=line.amount,
                    )
                )
