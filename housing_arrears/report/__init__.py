from . import housing_arrears_case_xlsx
