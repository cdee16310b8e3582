from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    housing_debit_payment_mode_id = fields.Many2one(related="company_id.housing_debit_payment_mode_id", readonly=False)
    housing_debit_days = fields.Char(related="company_id.housing_debit_days", readonly=False)
    housing_debit_prepare_days = fields.Integer(related="company_id.housing_debit_prepare_days", readonly=False)
    housing_returns_to_stop = fields.Integer(related="company_id.housing_returns_to_stop", readonly=False)
    housing_return_fee_billed = fields.Boolean(related="company_id.housing_return_fee_billed", readonly=False)
    housing_return_fee_amount = fields.Monetary(related="company_id.housing_return_fee_amount", readonly=False)
    housing_return_template_id = fields.Many2one(related="company_id.housing_return_template_id", readonly=False)
    sepa_creditor_identifier = fields.Char(related="company_id.sepa_creditor_identifier", readonly=False)
