from collections import defaultdict

from odoo import _, api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

CESF_GROUP = "housing_cesf.group_cesf"


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _housing_confidential_models(self):
        """The confidential threads (social follow-ups): their documents are content although the record itself is
        visible to others. The documents of their content models are protected by the access rights of those."""
        return self.env["housing.cesf.confidential.mixin"]._housing_thread_models()

    def check(self, mode, values=None):
        res = super().check(mode, values)
        if mode != "read" or self.env.is_superuser():
            return res
        confidential = self._housing_confidential_models()
        model_ids = defaultdict(set)
        if self:
            self.flush_model(["res_model", "res_id"])
            rows = self.env.execute_query(
                SQL(
                    "SELECT res_model, res_id FROM ir_attachment WHERE id = ANY(%s) AND res_model = ANY(%s)",
                    list(self.ids),
                    list(confidential),
                )
            )
            for res_model, res_id in rows:
                if res_id:
                    model_ids[res_model].add(res_id)
        if values and values.get("res_model") in confidential and values.get("res_id"):
            model_ids[values["res_model"]].add(values["res_id"])
        for res_model, res_ids in model_ids.items():
            records = self.env[res_model].browse(res_ids).exists()
            if records._filtered_access("write") != records:
                raise AccessError(
                    _("The documents of a social follow-up are reserved to the CESF in charge of the household.")
                )
        return res

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.is_superuser() and not self.env.user.has_group(CESF_GROUP):
            domain = [("res_model", "not in", self._housing_confidential_models()), *domain]
        return super()._search(domain, offset, limit, order)
