from odoo import _, models

from odoo.addons.housing_arrears.wizard.housing_portfolio_import import Column


class HousingPortfolioImport(models.TransientModel):
    _inherit = "housing.portfolio.import"

    def _get_columns(self, sheet):
        """The leases sheet gives the allocataire number, that the benefit payer's statements quote."""
        columns = super()._get_columns(sheet)
        if sheet == "leases":
            keys = [column.key for column in columns]
            position = keys.index("benefit_to_landlord") + 1 if "benefit_to_landlord" in keys else len(columns)
            columns.insert(
                position,
                Column(
                    "allocataire_number",
                    _("Allocataire number"),
                    field="housing_allocataire_number",
                    help=_(
                        "Number of the household at the benefit payer (CAF or MSA), as its monthly statements quote it."
                    ),
                ),
            )
        return columns
