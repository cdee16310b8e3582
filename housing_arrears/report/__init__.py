from . import housing_arrears_case_xlsx
from . import housing_doubtful_debt_xlsx
from . import housing_arrears_event
from . import housing_arrears_figures_xlsx
