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

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        # the rent call posts thousands of notices: no follower per notice (the tenant is not a portal user)
        if self.env.context.get("housing_no_subscribe"):
            return True
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    # ------------------------------------------------------------------ numbering of a batch of notices
    def _get_last_sequence(self, relaxed=False, with_prefix=None):
        """Within a batch of the rent call (context `housing_rent_call_batch`), the last number of the journal is read
        once per transaction, not once per notice: Odoo's query reads every entry of the journal since 1 January and
        its cost grows with the year. Only the first number of a batch is taken from it: the next ones come from
        `sequence.mixin`'s own cache of the numbers this transaction has locked (`_locked_increment`), which this
        read only feeds the format of. The memory lives as long as that cache (same transaction, same clearing)."""
        if not self.env.context.get("housing_rent_call_batch") or self._sequence_field != "name":
            return super()._get_last_sequence(relaxed=relaxed, with_prefix=with_prefix)
        locked = self._get_sequence_cache()
        memory = self.env.cr.precommit.data.setdefault("housing.sequence.last", {})
        key = (
            self.journal_id.id,
            self.date,
            self.move_type in ("out_refund", "in_refund"),
            bool(self.origin_payment_id),
            relaxed,
            with_prefix,
        )
        if not locked or key not in memory:
            memory[key] = super()._get_last_sequence(relaxed=relaxed, with_prefix=with_prefix)
        return memory[key]

    def write(self, vals):
        if "name" in vals and self.env.context.get("clear_sequence_mixin_cache", True):
            # a number written by hand: the last number is read again, as Odoo clears its own cache then
            self.env.cr.precommit.data.pop("housing.sequence.last", None)
        moves = self
        if self.env.context.get("housing_rent_call_batch") and vals.keys() <= {"checked", "delivery_date"}:
            # the flags Odoo's posting writes notice by notice touch no line: the balance of each notice is not
            # read again for them (it was checked when the notice was created and posted)
            moves = self.with_context(check_move_validity=False)
        return super(AccountMove, moves).write(vals)

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        if self.env.context.get("housing_rent_call_batch"):
            self.env["res.partner"]._housing_flush_ranks()
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
