from collections import defaultdict

from odoo import _, api, fields, models

COLLECTION_RULES = [
    ("name_amount", "Tenant's name and exact amount of an open notice"),
    ("single_lease", "Tenant with one lease"),
    ("benefit_payer", "Benefit payer (CAF, MSA)"),
    ("debit_remittance", "Direct debit remittance"),
]


class AccountReconcileModel(models.Model):
    """The collection rules of the bank statement lines, after the rule on the lease reference of housing_arrears:
    the tenant's name with the exact amount of an open notice, the tenant who has a single lease, the benefit
    payer's open invoices, the remittance of a direct debit order. Each rule only proposes receivable lines; the
    OCA reconciliation (account_reconcile_oca) books and reconciles them."""

    _inherit = "account.reconcile.model"

    housing_collection_rule = fields.Selection(
        COLLECTION_RULES,
        string="Collection Rule",
        readonly=True,
        help="Rule of the housing suite: how it finds the open items of a bank statement line.",
    )

    @api.model
    def _housing_prepare_collection_rules_vals(self, company):
        common = {
            "company_id": company.id,
            "rule_type": "invoice_matching",
            "auto_reconcile": True,
            "match_nature": "amount_received",
            "match_text_location_label": False,
            "match_text_location_reference": False,
            "match_text_location_note": False,
            "matching_order": "old_first",
            "match_same_currency": True,
            "allow_payment_tolerance": False,
        }
        return [
            {
                **common,
                "name": _("Rent: tenant's name and exact amount"),
                "sequence": 2,
                "housing_collection_rule": "name_amount",
                "match_partner": False,
            },
            {
                **common,
                "name": _("Rent: tenant with one lease"),
                "sequence": 3,
                "housing_collection_rule": "single_lease",
                "match_partner": True,
            },
            {
                **common,
                "name": _("Housing benefit: payer's invoices"),
                "sequence": 4,
                "housing_collection_rule": "benefit_payer",
                "match_partner": True,
            },
            {
                **common,
                "name": _("Rent: direct debit remittance"),
                "sequence": 5,
                "housing_collection_rule": "debit_remittance",
                "match_partner": False,
            },
        ]

    @api.model
    def _housing_ensure_collection_rules(self, companies):
        existing = self.with_context(active_test=False).search(
            [("company_id", "in", companies.ids), ("housing_collection_rule", "!=", False)]
        )
        have = {(rule.company_id.id, rule.housing_collection_rule) for rule in existing}
        vals_list = [
            vals
            for company in companies
            for vals in self._housing_prepare_collection_rules_vals(company)
            if (company.id, vals["housing_collection_rule"]) not in have
        ]
        if vals_list:
            self.create(vals_list)
        # the rules of the suite come before Odoo's generic match on the partner's open items, which does not
        # know which lease a transfer is for
        generic = self.search(
            [
                ("company_id", "in", companies.ids),
                ("rule_type", "=", "invoice_matching"),
                ("housing_rent_matching", "=", False),
                ("housing_collection_rule", "=", False),
                ("sequence", "<=", 5),
            ]
        )
        if generic:
            generic.write({"sequence": 10})

    # ------------------------------------------------------------------ matching
    def _apply_rules(self, st_line, partner):
        result = super()._apply_rules(st_line, partner)
        memo = self.env.context.get("housing_match_memo")
        if memo is not None and result and result.get("model"):
            memo[st_line.id] = result["model"]
        return result

    def _get_invoice_matching_rules_map(self):
        if not self.housing_collection_rule:
            return super()._get_invoice_matching_rules_map()
        rules_map = defaultdict(list)
        rules_map[10].append(getattr(self, f"_housing_candidates_{self.housing_collection_rule}"))
        return rules_map

    def _housing_open_receivable_domain(self, st_line):
        return [
            ("company_id", "=", st_line.company_id.id),
            ("parent_state", "=", "posted"),
            ("account_type", "=", "asset_receivable"),
            ("reconciled", "=", False),
            ("amount_residual", ">", 0),
        ]

    def _housing_candidates_name_amount(self, st_line, partner):
        """The oldest open notice of the tenant whose residual is exactly the amount received. Namesakes: the
        name and the amount together tell the notice when only one of them has an open notice of that amount."""
        if partner:
            partners = partner
        else:
            speeddict = self.env.context.get("housing_speeddict") or st_line.journal_id._housing_collection_speeddict()
            holders = st_line.journal_id._housing_named_holders(st_line._housing_text_values(), speeddict)
            partners = self.env["res.partner"].browse({holder for holder, _lease in holders})
        if not partners:
            return None
        currency = st_line.company_currency_id
        lines = self.env["account.move.line"].search(
            self._housing_open_receivable_domain(st_line)
            + [("partner_id", "in", partners.ids), ("housing_lease_id", "!=", False)],
            order="date_maturity, id",
        )
        exact = lines.filtered(lambda line: currency.compare_amounts(line.amount_residual, st_line.amount) == 0)
        if len(exact.partner_id) == 1:
            return {"allow_auto_reconcile": True, "amls": exact[:1]}
        return None

    def _housing_candidates_single_lease(self, st_line, partner):
        """The open rents of the tenant's only lease, oldest first."""
        lease = st_line.housing_lease_id or st_line._housing_single_lease(partner)
        if not lease:
            return None
        lines = self.env["account.move.line"].search(
            self._housing_open_receivable_domain(st_line) + [("housing_lease_id", "=", lease.id)],
            order="date_maturity, id",
        )
        if lines:
            return {"allow_auto_reconcile": True, "amls": lines}
        return None

    def _housing_candidates_benefit_payer(self, st_line, partner):
        """The open invoices of the benefit payer (the monthly benefit, its adjustments), oldest first."""
        is_payer = self.env["housing.lease"].sudo().search_count([("benefit_payer_id", "=", partner.id)], limit=1)
        if not is_payer:
            return None
        lines = self.env["account.move.line"].search(
            self._housing_open_receivable_domain(st_line) + [("partner_id", "=", partner.id)],
            order="date_maturity, id",
        )
        if lines:
            return {"allow_auto_reconcile": True, "amls": lines}
        return None

    def _housing_candidates_debit_remittance(self, st_line, partner):
        """The outstanding receipts of the debit order quoted in the label (its number, as in the pain.008
        message id), less the debits rejected before the settlement."""
        orders = st_line._housing_quoted_debit_orders()
        if len(orders) != 1:
            return None
        lines = orders._housing_outstanding_lines()
        if lines:
            return {"allow_auto_reconcile": True, "amls": lines}
        return None
