from . import (
    housing_account_statement,
    housing_arrears_figures_report,
    housing_doubtful_debt_report,
    housing_legal_step_cancel,
    housing_portfolio_import,
)
