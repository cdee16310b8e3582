# Bench of the portfolio import (housing_arrears, *Import a Portfolio*): builds the workbook of N leases from the
# templates (residences, dwellings, tenants, leases with a benefit payer, opening debts), checks it and imports it,
# and prints the seconds and the seconds per lease. Nothing is kept: it runs in a savepoint rolled back at the end.
#
# Run inside `odoo shell` on any database where housing_arrears is installed with a chart of accounts (e.g. the
# bench database of `make bench`, which runs it after the rent call), `env` given:
#
#     HOUSING_IMPORT_LEASES=2800 odoo shell -d DB --log-level=warn --max-cron-threads=0 < tools/bench_import.py
#
# (`odoo` as in tools/common.sh), or from a shell session: exec(open("tools/bench_import.py").read()), then
# bench_import(env, 2800).
# ruff: noqa: F821
import base64
import importlib.util
import os
import time
import uuid
from pathlib import Path

import odoo.addons.housing_arrears


def _load_portfolio_rows():
    """The generator of the tests' workbook, loaded from its file: importing the tests package would load Odoo's
    test framework, which a running server must not."""
    path = Path(odoo.addons.housing_arrears.__path__[0]) / "tests" / "portfolio_workbook.py"
    spec = importlib.util.spec_from_file_location("housing_portfolio_workbook", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.portfolio_rows


def bench_import(env, count=2800):
    """Seconds of the check and of the import (which checks again) of a generated workbook of `count` leases."""
    company = env.company
    with env.cr.savepoint(flush=False) as savepoint:
        agency = env["housing.agency"].search([("company_id", "=", company.id)], limit=1) or env[
            "housing.agency"
        ].create({"name": "Agence bench", "code": "BENCH", "company_id": company.id})
        payer = env["res.partner"].search([("is_company", "=", True), ("name", "=like", "CAF%")], limit=1) or env[
            "res.partner"
        ].create({"name": "CAF bench", "is_company": True})
        Wizard = env["housing.portfolio.import"].with_context(lang="fr_FR")
        wizard = Wizard.create({})
        prefix = f"B{uuid.uuid4().hex[:6].upper()}"
        start = time.perf_counter()
        rows = _load_portfolio_rows()(
            count,
            prefix=prefix,
            agency=agency.code or agency.name,
            payer=payer.name,
            opening=wizard.opening_date,
        )
        data = wizard._write_workbook(rows)
        built = time.perf_counter() - start
        wizard.file = base64.b64encode(data)
        env.flush_all()
        start = time.perf_counter()
        wizard.action_check()
        env.flush_all()
        checked = time.perf_counter() - start
        if wizard.state != "valid":
            raise RuntimeError(f"the generated workbook has errors: {wizard.error_ids[:5].mapped('message')}")
        queries = env.cr.sql_log_count
        start = time.perf_counter()
        wizard.action_import()
        env.flush_all()
        imported = time.perf_counter() - start
        queries = env.cr.sql_log_count - queries
        leases = env["housing.lease"].search_count([("name", "=like", f"{prefix}-B%")])
        moves = env["account.move"].search_count(
            [("housing_move_kind", "=", "opening"), ("company_id", "=", company.id)]
        )
        savepoint.rollback()
    env.invalidate_all()
    print("== Portfolio import ==")
    print(
        f"  workbook of {count} leases ({len(rows['units'])} dwellings, {len(rows['tenants'])} tenants, "
        f"{len(rows['debts'])} opening debts, {len(data) // 1024} KB) built in {built:.1f} s"
    )
    print(f"  check (Vérifier): {checked:.1f} s, {checked / count * 1000:.1f} ms per lease")
    print(
        f"  import (Importer, checks again): {imported:.1f} s, {imported / count:.4f} s per lease, "
        f"{queries} queries; {leases} leases and {moves} opening entries created, then rolled back"
    )
    return {"count": count, "build": built, "check": checked, "import": imported, "queries": queries}


if "env" in globals():
    bench_import(env, int(os.environ.get("HOUSING_IMPORT_LEASES") or 2800))
