from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    housing_rent_journal_id = fields.Many2one(related="company_id.housing_rent_journal_id", readonly=False)
    housing_due_day = fields.Integer(related="company_id.housing_due_day", readonly=False)
    housing_rent_call_day = fields.Integer(related="company_id.housing_rent_call_day", readonly=False)
    housing_case_threshold = fields.Float(related="company_id.housing_case_threshold", readonly=False)
    housing_case_grace_days = fields.Integer(related="company_id.housing_case_grace_days", readonly=False)
    housing_unreachable_attempts = fields.Integer(related="company_id.housing_unreachable_attempts", readonly=False)
    housing_unreachable_days = fields.Integer(related="company_id.housing_unreachable_days", readonly=False)
    housing_fsl_ceiling = fields.Monetary(related="company_id.housing_fsl_ceiling", readonly=False)
    housing_plan_max_instalments = fields.Integer(related="company_id.housing_plan_max_instalments", readonly=False)
    housing_plan_transit_account_id = fields.Many2one(
        related="company_id.housing_plan_transit_account_id", readonly=False
    )
    housing_signal_delay_months = fields.Integer(related="company_id.housing_signal_delay_months", readonly=False)
    housing_payer_plan_months = fields.Integer(related="company_id.housing_payer_plan_months", readonly=False)
    housing_payer_fsl_months = fields.Integer(related="company_id.housing_payer_fsl_months", readonly=False)
    housing_payer_default_plan_months = fields.Integer(
        related="company_id.housing_payer_default_plan_months", readonly=False
    )
    housing_landlord_legal_person = fields.Boolean(related="company_id.housing_landlord_legal_person", readonly=False)
    housing_truce_start = fields.Char(related="company_id.housing_truce_start", readonly=False)
    housing_truce_end = fields.Char(related="company_id.housing_truce_end", readonly=False)
    # legal delays of the procedure
    housing_law_2023_date = fields.Date(related="company_id.housing_law_2023_date", readonly=False)
    housing_payment_order_weeks = fields.Integer(related="company_id.housing_payment_order_weeks", readonly=False)
    housing_payment_order_old_months = fields.Integer(
        related="company_id.housing_payment_order_old_months", readonly=False
    )
    housing_ccapex_months = fields.Integer(related="company_id.housing_ccapex_months", readonly=False)
    housing_prefect_notice_days = fields.Integer(related="company_id.housing_prefect_notice_days", readonly=False)
    housing_dsf_working_days = fields.Integer(related="company_id.housing_dsf_working_days", readonly=False)
    housing_hearing_rent_months = fields.Integer(related="company_id.housing_hearing_rent_months", readonly=False)
    housing_payment_delays_max_months = fields.Integer(
        related="company_id.housing_payment_delays_max_months", readonly=False
    )
    housing_vacate_delay_min_months = fields.Integer(
        related="company_id.housing_vacate_delay_min_months", readonly=False
    )
    housing_vacate_delay_max_months = fields.Integer(
        related="company_id.housing_vacate_delay_max_months", readonly=False
    )
    housing_vacate_delay_old_min_months = fields.Integer(
        related="company_id.housing_vacate_delay_old_min_months", readonly=False
    )
    housing_vacate_delay_old_max_months = fields.Integer(
        related="company_id.housing_vacate_delay_old_max_months", readonly=False
    )
    housing_order_to_vacate_months = fields.Integer(related="company_id.housing_order_to_vacate_months", readonly=False)
    housing_police_silence_months = fields.Integer(related="company_id.housing_police_silence_months", readonly=False)
    housing_holidays_alsace_moselle = fields.Boolean(
        related="company_id.housing_holidays_alsace_moselle", readonly=False
    )
    housing_protocol_max_months = fields.Integer(related="company_id.housing_protocol_max_months", readonly=False)
    housing_protocol_extension_max_months = fields.Integer(
        related="company_id.housing_protocol_extension_max_months", readonly=False
    )
    housing_protocol_new_lease_months = fields.Integer(
        related="company_id.housing_protocol_new_lease_months", readonly=False
    )
    housing_deposit_account_id = fields.Many2one(related="company_id.housing_deposit_account_id", readonly=False)
    housing_write_off_account_id = fields.Many2one(related="company_id.housing_write_off_account_id", readonly=False)
    housing_limitation_alert_days = fields.Integer(related="company_id.housing_limitation_alert_days", readonly=False)
    housing_constitution_multiplier = fields.Float(related="company_id.housing_constitution_multiplier", readonly=False)
    housing_signal_fine_amount = fields.Monetary(related="company_id.housing_signal_fine_amount", readonly=False)
    housing_limitation_years = fields.Integer(related="company_id.housing_limitation_years", readonly=False)
    housing_doubtful_days_low = fields.Integer(related="company_id.housing_doubtful_days_low", readonly=False)
    housing_doubtful_days_mid = fields.Integer(related="company_id.housing_doubtful_days_mid", readonly=False)
    housing_doubtful_days_full = fields.Integer(related="company_id.housing_doubtful_days_full", readonly=False)
    housing_doubtful_rate_3_6 = fields.Float(related="company_id.housing_doubtful_rate_3_6", readonly=False)
    housing_doubtful_rate_6_12 = fields.Float(related="company_id.housing_doubtful_rate_6_12", readonly=False)
