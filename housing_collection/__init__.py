from . import models, wizard


def post_init_hook(env):
    """Give every company with accounting the collection matching rules."""
    companies = env["res.company"].search([("chart_template", "!=", False)])
    env["account.reconcile.model"]._housing_ensure_collection_rules(companies)
