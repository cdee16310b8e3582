from . import (
    account_move,
    housing_arrears_case,
    housing_arrears_contact,
    housing_legal_step,
    housing_reminder_level,
    res_company,
    res_config_settings,
)
