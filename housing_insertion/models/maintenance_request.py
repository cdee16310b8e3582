from odoo import _, api, fields, models


class MaintenanceRequest(models.Model):
    _inherit = "maintenance.request"

    housing_unit_id = fields.Many2one(
        "housing.unit", string="Dwelling", index="btree_not_null", tracking=True, check_company=True
    )
    housing_residence_id = fields.Many2one(related="housing_unit_id.residence_id", store=True, string="Residence")
    purchase_order_ids = fields.One2many(
        "purchase.order", "maintenance_request_id", string="Purchase Orders", groups="purchase.group_purchase_user"
    )
    purchase_order_count = fields.Integer(
        compute="_compute_purchase_order_count", string="Orders", groups="purchase.group_purchase_user"
    )

    @api.depends("purchase_order_ids")
    def _compute_purchase_order_count(self):
        counts = dict(
            self.env["purchase.order"]._read_group(
                [("maintenance_request_id", "in", self.ids)], ["maintenance_request_id"], ["__count"]
            )
        )
        for request in self:
            request.purchase_order_count = counts.get(request._origin, 0)

    def action_create_purchase_order(self):
        """A new request for quotation for this request: it keeps the dwelling."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Request for Quotation"),
            "res_model": "purchase.order",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {
                "default_maintenance_request_id": self.id,
                "default_housing_unit_id": self.housing_unit_id.id,
                "default_origin": self.name,
                "default_company_id": self.company_id.id,
            },
        }

    def action_view_purchase_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("purchase.purchase_rfq")
        action["domain"] = [("maintenance_request_id", "=", self.id)]
        action["context"] = {
            "default_maintenance_request_id": self.id,
            "default_housing_unit_id": self.housing_unit_id.id,
            "default_origin": self.name,
        }
        return action
