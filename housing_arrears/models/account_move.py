from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_amount

HOUSING_MOVE_KINDS = [
    ("plan", "Repayment plan instalments"),
    ("deposit", "Security deposit"),
    ("write_off", "Write-off"),
    ("departure", "Departure credit"),
    ("opening", "Opening balance"),
]


class AccountMove(models.Model):
    _inherit = "account.move"

    lease_id = fields.Many2one(
        "housing.lease",
        compute="_compute_lease_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        ondelete="restrict",
        copy=True,
        domain="[('company_id', '=', company_id), ('state', '!=', 'draft')]",
        help="Lease whose tenant's account this invoice or credit note belongs to: rent notices carry it; on a "
        "manual invoice (repairs, fees) or credit note it is proposed when the tenant has a single lease.",
    )
    housing_rent_call_id = fields.Many2one(
        "housing.rent.call",
        string="Rent Call",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        copy=False,
    )
    housing_period = fields.Date(string="Billed Month", readonly=True, copy=False)
    housing_move_kind = fields.Selection(
        HOUSING_MOVE_KINDS,
        string="Housing Entry",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Entry of the housing suite against the tenants' receivable.",
    )

    @api.depends("partner_id", "move_type")
    def _compute_lease_id(self):
        """Propose the tenant's lease on a manual invoice or credit note when the tenant has exactly one."""
        todo = self.filtered(
            lambda move: (
                move.state == "draft"
                and move.partner_id
                and move.is_sale_document(include_receipts=True)
                and not move.housing_rent_call_id
            )
        )
        single = self.env["housing.lease"]._get_single_leases(todo.partner_id)
        for move in todo:
            partner = move.partner_id.commercial_partner_id
            if move.lease_id and partner in move.lease_id.tenant_ids.commercial_partner_id:
                continue
            move.lease_id = single.get(partner, False)
        for move in self - todo:
            move.lease_id = move.lease_id

    @api.constrains("lease_id", "company_id", "partner_id")
    def _check_housing_lease(self):
        for move in self.filtered("lease_id"):
            lease = move.lease_id.sudo()
            if lease.company_id != move.company_id:
                raise ValidationError(
                    _(
                        "Lease %(lease)s belongs to %(lease_company)s, not to %(company)s: choose a lease of the "
                        "company of the invoice.",
                        lease=lease.name,
                        lease_company=lease.company_id.name,
                        company=move.company_id.name,
                    )
                )
            if (
                move.is_sale_document(include_receipts=True)
                and move.partner_id
                and move.partner_id.commercial_partner_id not in lease.tenant_ids.commercial_partner_id
            ):
                raise ValidationError(
                    _(
                        "%(partner)s is not a tenant of lease %(lease)s: choose one of the partner's leases, or "
                        "leave the lease empty.",
                        partner=move.partner_id.display_name,
                        lease=lease.name,
                    )
                )

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        refunds = posted.filtered(
            lambda move: move.move_type == "out_refund" and move.reversed_entry_id and move.lease_id
        )
        if refunds:
            refunds._housing_give_back_instalments()
        return posted

    def _housing_give_back_instalments(self):
        """A credit note reversing a rent notice that carried plan instalments gives them back to the schedule:
        the instalment is billed again with the next rent, and the old debt it had been moved off is restored
        (an entry from the transit account back to the tenant's receivable)."""
        Ledger = self.env["housing.ledger"]
        for refund in self:
            reversed_amount = sum(refund.line_ids.filtered("housing_instalment").mapped("balance"))
            plan_lines = refund.reversed_entry_id.line_ids.housing_plan_line_id.filtered(
                lambda line, invoice=refund.reversed_entry_id: line.invoice_id == invoice
            )
            if refund.currency_id.compare_amounts(reversed_amount, 0) <= 0 or not plan_lines:
                continue
            given_back = self.env["housing.repayment.plan.line"]
            for plan_line in plan_lines.sorted("sequence"):
                if refund.currency_id.compare_amounts(plan_line.amount, reversed_amount) > 0:
                    break
                given_back |= plan_line
                reversed_amount -= plan_line.amount
            if not given_back:
                continue
            company = refund.company_id
            Ledger._post_entry(
                company,
                "plan",
                refund.date,
                _("Instalments given back to the schedule, %(refund)s", refund=refund.name),
                [
                    {
                        "lease": refund.lease_id,
                        "amount": -plan_line.amount,
                        "account": company._housing_plan_transit_account(),
                        "label": _(
                            "Instalment %(number)s given back to the schedule (credit note %(refund)s)",
                            number=plan_line.sequence,
                            refund=refund.name,
                        ),
                        "maturity": refund.reversed_entry_id.invoice_date_due,
                    }
                    for plan_line in given_back
                ],
            )
            given_back.write({"state": "to_bill", "invoice_id": False})
            for plan in given_back.plan_id:
                plan.message_post(
                    body=_(
                        "The rent notice %(invoice)s was reversed by %(refund)s: %(amount)s of instalments go back "
                        "to the schedule and will be billed with the next rent.",
                        invoice=refund.reversed_entry_id.name,
                        refund=refund.name,
                        amount=format_amount(
                            self.env,
                            sum(given_back.filtered(lambda line, plan=plan: line.plan_id == plan).mapped("amount")),
                            refund.currency_id,
                        ),
                    )
                )
