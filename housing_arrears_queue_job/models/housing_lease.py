from odoo import models


class HousingLease(models.Model):
    _inherit = "housing.lease"

    def _housing_group_by_agency(self):
        """[(agency, leases)] by agency name, the leases in id order (the leases of no agency last)."""
        groups = {}
        for lease in self.sorted("id"):
            groups.setdefault(lease.agency_id, self.browse())
            groups[lease.agency_id] |= lease
        return sorted(groups.items(), key=lambda item: (not item[0], item[0].name or ""))
