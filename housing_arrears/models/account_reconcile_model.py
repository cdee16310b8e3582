from odoo import _, api, fields, models


class AccountReconcileModel(models.Model):
    _inherit = "account.reconcile.model"

    housing_rent_matching = fields.Boolean(
        string="Rent Matching Rule", readonly=True, help="Rule shipped by the housing suite."
    )

    @api.model
    def _housing_prepare_rent_matching_rule_vals(self, company):
        """Matching rule of bank statement lines with open rent invoices by the lease reference.

        Rent invoices carry the lease reference as payment reference, which is the label of their receivable
        line: a transfer whose label or reference contains it (e.g. "VIR LOYER BAIL-000123") is matched with
        that lease's open invoices, oldest first, and reconciled automatically.
        """
        return {
            "name": _("Rent: lease reference"),
            "housing_rent_matching": True,
            "sequence": 1,
            "company_id": company.id,
            "rule_type": "invoice_matching",
            "auto_reconcile": True,
            "match_nature": "amount_received",
            "match_text_location_label": True,
            "match_text_location_reference": True,
            "match_text_location_note": False,
            "matching_order": "old_first",
            "match_same_currency": True,
            "allow_payment_tolerance": False,
            "match_partner": False,
            # only transfers that quote a lease reference; the reference carries six digits
            "match_label": "match_regex",
            "match_label_param": r".*bail[- ]?\d{6}",
        }

    @api.model
    def _housing_ensure_rent_matching_rule(self, companies):
        existing = self.with_context(active_test=False).search(
            [("company_id", "in", companies.ids), ("housing_rent_matching", "=", True)]
        )
        missing = companies - existing.company_id
        if missing:
            self.create([self._housing_prepare_rent_matching_rule_vals(company) for company in missing])
