from odoo import api, fields, models
from odoo.osv import expression

CESF_GROUP = "housing_cesf.group_cesf"


class CalendarEvent(models.Model):
    """The event of a home visit is private: the others see that the CESF is busy, not with whom nor where.
    Odoo hides the private fields of the events one does not attend when reading them, not when searching: a
    search on the name, the place or the description of the visits is refused to the others."""

    _inherit = "calendar.event"

    housing_cesf_visit = fields.Boolean(
        string="Home Visit of a Social Follow-up", readonly=True, copy=False, groups=CESF_GROUP
    )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su and not self.env.user.has_group(CESF_GROUP) and self._housing_searches_private(domain):
            others_visits = self.sudo()._search(
                [
                    ("housing_cesf_visit", "=", True),
                    ("user_id", "!=", self.env.uid),
                    ("partner_ids", "not in", self.env.user.partner_id.ids),
                ]
            )
            domain = expression.AND([[("id", "not in", others_visits)], domain])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def _housing_searches_private(self, domain):
        """Whether the domain looks into a text field that Odoo hides on the private events of others."""
        public = self._get_public_fields()
        for leaf in domain or []:
            if isinstance(leaf, (list, tuple)) and leaf and isinstance(leaf[0], str):
                field = self._fields.get(leaf[0].split(".", 1)[0])
                if field is not None and field.name not in public and field.type in ("char", "text", "html"):
                    return True
                if field is not None and field.relational and field.name not in public and "." in leaf[0]:
                    return True
        return False
