from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _housing_notice_values(self):
        """The lines of the rent notice (avis d'échéance): rent, charges, SLS, RLS, housing benefit, plan
        instalment, the month's total, the previous balance of the tenant's account and the net to pay."""
        self.ensure_one()
        products = {
            self.env.ref(f"housing_arrears.product_{key}").id: key
            for key in ("rent", "charges", "sls", "rls", "benefit", "plan_instalment")
        }
        amounts = dict.fromkeys(products.values(), 0.0)
        other = 0.0
        for line in self.invoice_line_ids.filtered(lambda line: line.display_type == "product"):
            key = products.get(line.product_id.id)
            if key:
                amounts[key] += line.price_total
            else:
                other += line.price_total
        previous = 0.0
        if self.lease_id and self.invoice_date:
            previous, _movements = self.env["housing.ledger"]._get_movements(
                self.lease_id, self.invoice_date, self.invoice_date
            )
        previous = self.currency_id.round(previous)
        return {
            **amounts,
            "other": other,
            "total": self.amount_total,
            "previous": previous,
            "net": self.currency_id.round(previous + self.amount_total),
        }
