from . import housing_arrears_case, housing_lease, housing_rent_call, res_company, res_config_settings
