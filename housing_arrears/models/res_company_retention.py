# pylint: disable=consider-merging-classes-inherited
# (a file of its own, so that the lead's and the other helpers' edits of the first file merge cleanly)
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """How long the content of the arrears cases is kept (CNIL délibération 2014-123, pre-litigation and litigation
    data of the social landlords); expected to move with the CNIL référentiels of 2026, hence settings."""

    _inherit = "res.company"

    housing_retention_amicable_days = fields.Integer(
        string="Pre-litigation Data Kept After an Amicable Settlement (days)",
        default=0,
        help="Days after a case is closed as settled amicably (never past the prevention pole, or cleared by a kept "
        "plan before any payment order) before its content is purged. 0: at the settlement.",
    )
    housing_retention_limitation_years = fields.Integer(
        string="Limitation of the Claim (years)",
        default=3,
        help="A claim deriving from the lease is time-barred this many years after the last unpaid item (loi du 6 "
        "juillet 1989, art. 7-1): the content of a case without a judgment is purged then.",
    )
    housing_retention_judgment_years = fields.Integer(
        string="Enforcement of a Judgment (years)",
        default=10,
        help="A judgment can be enforced this many years (CPCE L.111-4): the content of a judged case is purged "
        "then, once the tenant has left (a court decision on the tenancy is kept while the tenant stays).",
    )

    @api.constrains(
        "housing_retention_amicable_days", "housing_retention_limitation_years", "housing_retention_judgment_years"
    )
    def _check_housing_retention(self):
        for company in self:
            if company.housing_retention_amicable_days < 0:
                raise ValidationError(_("The retention after an amicable settlement cannot be negative."))
            if company.housing_retention_limitation_years < 1 or company.housing_retention_judgment_years < 1:
                raise ValidationError(
                    _("The limitation of the claim and of the enforcement of a judgment are at least one year.")
                )
