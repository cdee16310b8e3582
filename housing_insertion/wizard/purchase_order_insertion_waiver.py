from odoo import _, fields, models, tools
from odoo.exceptions import UserError


class PurchaseOrderInsertionWaiver(models.TransientModel):
    """Asked when an order that reaches the insertion clause threshold is confirmed without a clause."""

    _name = "purchase.order.insertion.waiver"
    _description = "Order Without Insertion Clause"

    order_ids = fields.Many2many(
        "purchase.order",
        "purchase_order_insertion_waiver_order_rel",
        string="Orders Without Clause",
        readonly=True,
    )
    confirm_order_ids = fields.Many2many(
        "purchase.order",
        "purchase_order_insertion_waiver_confirm_rel",
        string="Orders to Confirm",
        readonly=True,
    )
    reason = fields.Text(
        help="Why these orders carry no insertion clause (reserved contract, works with no labour, no facilitator "
        "on the territory...).",
    )

    def action_confirm(self):
        self.ensure_one()
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(_("Give the reason why the order is confirmed without an insertion clause."))
        orders = self.order_ids
        orders.write({"insertion_waiver_reason": reason})
        for order in orders:
            company = order.company_id
            order.message_post(
                body=_(
                    "Confirmed without an insertion clause although it reaches the threshold of %(threshold)s. "
                    "Reason: %(reason)s",
                    threshold=tools.format_amount(self.env, company.housing_insertion_threshold, company.currency_id),
                    reason=reason,
                )
            )
        (self.confirm_order_ids or orders).with_context(insertion_waiver_given=True).button_confirm()
        return {"type": "ir.actions.act_window_close"}
