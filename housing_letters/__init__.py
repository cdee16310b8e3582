from . import models, wizard


def post_init_hook(env):
    """Give every existing company the default reminder scenario."""
    env["res.company"].search([])._housing_ensure_reminder_levels()
