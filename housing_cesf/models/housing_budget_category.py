from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

HOUSING_ROLES = [
    ("rent", "Rent"),
    ("charges", "Recoverable charges"),
    ("benefit", "Housing benefit"),
]


class HousingBudgetCategory(models.Model):
    """A category of resource or charge of the budget evaluation. The housing role marks what the taux d'effort
    (arrêté of 10 March 2011) reads: rent and recoverable charges, less the housing benefit."""

    _name = "housing.budget.category"
    _description = "Budget Category"
    _order = "kind desc, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection([("resource", "Resource"), ("charge", "Charge")], required=True)
    housing_role = fields.Selection(
        HOUSING_ROLES,
        help="Rent (main and annex rent, energy-works contribution) and recoverable charges make the housing cost; "
        "the housing benefit (APL, AL) is deducted from it for the taux d'effort.",
    )

    @api.constrains("kind", "housing_role")
    def _check_housing_role(self):
        for category in self:
            if category.housing_role == "benefit" and category.kind != "resource":
                raise ValidationError(_("The housing benefit is a resource (category %(name)s).", name=category.name))
            if category.housing_role in ("rent", "charges") and category.kind != "charge":
                raise ValidationError(
                    _("Rent and recoverable charges are charges (category %(name)s).", name=category.name)
                )
