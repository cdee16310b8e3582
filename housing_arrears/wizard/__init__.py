from . import housing_legal_step_cancel
from . import housing_doubtful_debt_report
from . import housing_arrears_figures_report
