"""Create an Odoo database with a language and a company country, as the database manager does.

Usage: python tools/odoo_db.py <addons_path> <data_dir> <db_name> [--lang fr_FR] [--country FR] [--password PASSWORD]

The administrator's password is random unless given (never admin/admin).

The country must be set before the accounting is installed, so that Odoo loads the French chart of accounts
for the main company (odoo/addons/account/models/ir_module.py picks the template of the company's country).
"""

import argparse
import logging
import secrets

import odoo
from odoo.service import db as db_service


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("addons_path")
    parser.add_argument("data_dir")
    parser.add_argument("db_name")
    parser.add_argument("--lang", default="fr_FR")
    parser.add_argument("--country", default="FR")
    parser.add_argument("--password", default=None, help="of the administrator (default: random)")
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        [f"--addons-path={args.addons_path}", f"--data-dir={args.data_dir}", "--log-level=warn"]
    )
    logging.getLogger("odoo").setLevel(logging.WARNING)
    db_service._create_empty_database(args.db_name)
    password = args.password or secrets.token_urlsafe(12)
    db_service._initialize_db(None, args.db_name, False, args.lang, password, "admin", args.country)


if __name__ == "__main__":
    main()
