from . import models, report, wizard


def post_init_hook(env):
    """Give every company with accounting the rent matching rule."""
    companies = env["res.company"].search([("chart_template", "!=", False)])
    env["account.reconcile.model"]._housing_ensure_rent_matching_rule(companies)
