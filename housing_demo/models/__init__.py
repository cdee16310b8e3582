from . import (
    housing_demo_portfolio,
    housing_demo_portfolio_cesf,
    housing_demo_portfolio_insertion,
    housing_demo_portfolio_letters,
)
