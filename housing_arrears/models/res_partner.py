import logging
from collections import Counter, defaultdict

from psycopg2 import errors as pgerrors

from odoo import fields, models
from odoo.tools import SQL, mute_logger

_logger = logging.getLogger(__name__)

# the tenant's housing data on the contact: for the housing staff and the accountants (who see the households and
# their balances, not the arrears cases), not for every internal user
HOUSING_GROUPS = "housing_arrears.group_housing_user,account.group_account_invoice"
CASE_GROUPS = "housing_arrears.group_housing_user"


class ResPartner(models.Model):
    _inherit = "res.partner"

    housing_lease_ids = fields.One2many("housing.lease", "partner_id", string="Leases as Holder", groups=HOUSING_GROUPS)
    # computed with the arrears cases: for the housing staff
    housing_lease_count = fields.Integer(compute="_compute_housing_counts", string="Leases", groups=CASE_GROUPS)
    housing_case_count = fields.Integer(compute="_compute_housing_counts", string="Arrears Cases", groups=CASE_GROUPS)
    housing_open_case_id = fields.Many2one(
        "housing.arrears.case", compute="_compute_housing_counts", string="Open Arrears Case", groups=CASE_GROUPS
    )
    housing_currency_id = fields.Many2one("res.currency", compute="_compute_housing_balance", groups=HOUSING_GROUPS)
    housing_balance = fields.Monetary(
        compute="_compute_housing_balance",
        currency_field="housing_currency_id",
        string="Rent Balance",
        help="What the partner owes on its leases in the current company (negative: in credit).",
        groups=HOUSING_GROUPS,
    )

    def _compute_housing_balance(self):
        """What the partner owes on its leases in the current company (holder or co-tenant, by commercial
        partner), from the tenant's account of each lease."""
        company = self.env.company
        commercial = self.commercial_partner_id
        leases = (
            self.env["housing.lease"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("company_id", "=", company.id),
                    ("state", "!=", "draft"),
                    "|",
                    ("partner_id.commercial_partner_id", "in", commercial.ids),
                    ("cotenant_ids.commercial_partner_id", "in", commercial.ids),
                ]
            )
        )
        positions = self.env["housing.ledger"]._get_positions(leases, fields.Date.context_today(self))
        balances = {}
        for lease, position in positions.items():
            for partner in lease.tenant_ids.commercial_partner_id & commercial:
                balances[partner] = balances.get(partner, 0.0) + position.balance
        for partner in self:
            partner.housing_currency_id = company.currency_id
            partner.housing_balance = balances.get(partner.commercial_partner_id, 0.0)

    def _compute_housing_counts(self):
        Lease = self.env["housing.lease"].with_context(active_test=False)
        holder_counts = dict(Lease._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"]))
        cotenant_counts = dict(Lease._read_group([("cotenant_ids", "in", self.ids)], ["cotenant_ids"], ["__count"]))
        Case = self.env["housing.arrears.case"]
        case_counts = dict(Case._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"]))
        open_cases = {
            case.partner_id: case for case in Case.search([("partner_id", "in", self.ids), ("is_closed", "=", False)])
        }
        for partner in self:
            partner.housing_lease_count = holder_counts.get(partner, 0) + cotenant_counts.get(partner, 0)
            partner.housing_case_count = case_counts.get(partner, 0)
            partner.housing_open_case_id = open_cases.get(partner, False)

    def action_view_housing_leases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("housing_arrears.housing_lease_action")
        action["domain"] = ["|", ("partner_id", "=", self.id), ("cotenant_ids", "in", self.ids)]
        action["context"] = {"default_partner_id": self.id, "active_test": False}
        return action

    def action_view_housing_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("housing_arrears.housing_arrears_case_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"active_test": False}
        return action

    # ------------------------------------------------------------------ ranks of a batch of notices
    def _increase_rank(self, field, n=1):
        """Within a batch of the rent call (context `housing_rent_call_batch`), the customer ranks that Odoo raises
        partner by partner when it posts the notices (a savepoint and two queries each) are counted, then raised
        in one query by `_housing_flush_ranks` once the batch is posted."""
        if self.env.context.get("housing_rent_call_batch") and self.ids and field in ("customer_rank", "supplier_rank"):
            pending = self.env.cr.precommit.data.setdefault("housing.partner.rank", Counter())
            for partner_id in self.ids:
                pending[field, partner_id] += n
            return
        return super()._increase_rank(field, n=n)

    def _housing_flush_ranks(self):
        """Raise the ranks counted by `_increase_rank` in one query per rank, as Odoo would one partner at a time
        (and, as Odoo, not at all when another transaction holds one of the partners)."""
        pending = self.env.cr.precommit.data.pop("housing.partner.rank", None)
        if not pending:
            return
        by_field = defaultdict(list)
        for (field, partner_id), count in pending.items():
            by_field[field].append((partner_id, count))
        for field, rows in by_field.items():
            partners = self.browse(sorted(partner_id for partner_id, _count in rows))
            try:
                with self.env.cr.savepoint(flush=False), mute_logger("odoo.sql_db"):
                    self.env.cr.execute(
                        SQL("SELECT id FROM res_partner WHERE id IN %s FOR NO KEY UPDATE NOWAIT", tuple(partners.ids))
                    )
                    self.env.cr.execute(
                        SQL(
                            "UPDATE res_partner SET %(field)s = %(field)s + rank.count FROM (VALUES %(rows)s) "
                            "AS rank(id, count) WHERE res_partner.id = rank.id",
                            field=SQL.identifier(field),
                            rows=SQL(", ").join(SQL("(%s, %s)", partner_id, count) for partner_id, count in rows),
                        )
                    )
                    partners.invalidate_recordset([field])
                    partners.modified([field])
            except (pgerrors.LockNotAvailable, pgerrors.SerializationFailure):
                _logger.debug("%s of %s partners not raised: locked by another transaction", field, len(partners))
