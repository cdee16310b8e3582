from . import housing_arrears_case
