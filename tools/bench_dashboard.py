# The refresh of the manager's dashboard on a database of the suite: seconds and queries, in a savepoint rolled
# back. Run inside `odoo shell` on a database where housing_social is installed (`env` given):
#
#     odoo shell -d DB --log-level=warn --max-cron-threads=0 < tools/bench_dashboard.py
#
# (`odoo` as in tools/common.sh).
# ruff: noqa: F821
import time

company = env["housing.lease"].search([], limit=1).company_id or env.company
leases = env["housing.lease"].search_count([("company_id", "=", company.id)])
with env.cr.savepoint(flush=False) as savepoint:
    env.flush_all()
    env.invalidate_all()
    queries, start = env.cr.sql_log_count, time.perf_counter()
    figures = env["housing.dashboard.figure"]._refresh(company)
    env.flush_all()
    seconds, queries = time.perf_counter() - start, env.cr.sql_log_count - queries
    values = {figure.code: figure.value for figure in figures if not figure.agency_id}
    savepoint.rollback()
print(f"[bench] dashboard refresh, {leases} leases: {seconds:.2f} s, {queries} queries")
for code in ("billed", "received", "arrears", "arrears_rate", "non_recovery_rate", "cases_opened", "debt_departed"):
    print(f"[bench]   {code}: {values[code]:,.2f}")
