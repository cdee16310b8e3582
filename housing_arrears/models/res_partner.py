from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    housing_lease_ids = fields.One2many("housing.lease", "partner_id", string="Leases as Holder")
    housing_lease_count = fields.Integer(compute="_compute_housing_counts", string="Leases")
    housing_case_count = fields.Integer(compute="_compute_housing_counts", string="Arrears Cases")
    housing_open_case_id = fields.Many2one(
        "housing.arrears.case", compute="_compute_housing_counts", string="Open Arrears Case"
    )
    housing_currency_id = fields.Many2one("res.currency", compute="_compute_housing_balance")
    housing_balance = fields.Monetary(
        compute="_compute_housing_balance",
        currency_field="housing_currency_id",
        string="Rent Balance",
        help="What the partner owes on its leases in the current company (negative: in credit).",
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
