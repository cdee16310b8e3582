from odoo import models


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _post_load_data(self, template_code, company, template_data):
        res = super()._post_load_data(template_code, company, template_data)
        self.env["account.reconcile.model"]._housing_ensure_rent_matching_rule(company)
        if template_code == "fr":
            # French chart: 6541 losses on irrecoverable receivables, 1651 deposits received
            accounts = {
                "housing_write_off_account_id": self.with_company(company).ref("pcg_6541", raise_if_not_found=False),
                "housing_deposit_account_id": self.with_company(company).ref("pcg_1651", raise_if_not_found=False),
            }
            company.write({field: account.id for field, account in accounts.items() if account and not company[field]})
        return res
