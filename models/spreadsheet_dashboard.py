from odoo import models


class SpreadsheetDashboard(models.Model):
    _inherit = "spreadsheet.dashboard"

    def get_readonly_dashboard(self):
        """The manager's dashboard reads its figures fresh: they are recomputed for the current company when it
        opens."""
        if self == self.env.ref("housing_social.housing_dashboard", raise_if_not_found=False):
            self.env["housing.dashboard.figure"]._refresh(self.env.company)
        return super().get_readonly_dashboard()
