"""18.0.1.1.0: the suite's home page (server action Accueil) for the users of its roles already in the database."""

from odoo import SUPERUSER_ID, api

from odoo.addons.housing_social.hooks import post_init_hook


def migrate(cr, version):
    if version:
        post_init_hook(api.Environment(cr, SUPERUSER_ID, {}))
