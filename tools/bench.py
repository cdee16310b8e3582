# Run by tools/bench.sh inside `odoo shell` on a bench database (`env` is given). Nothing it does is kept: every
# measurement runs in a savepoint that is rolled back. HOUSING_BENCH_MODE=small measures the rent call only and
# prints its figures as JSON; otherwise HOUSING_BENCH_SMALL holds those of the small portfolio, for the ratios.
# ruff: noqa: F821
import json
import os
import time

from dateutil.relativedelta import relativedelta

from odoo import Command

company = env.company
Call = env["housing.rent.call"]
Case = env["housing.arrears.case"]
leases_count = env["housing.lease"].search_count([("company_id", "=", company.id), ("state", "=", "active")])
last = Call.search([("company_id", "=", company.id)], order="period_start desc", limit=1)
period = last.period_start + relativedelta(months=1)


def measure(function):
    """Seconds and SQL queries of function(), in a savepoint rolled back afterwards."""
    with env.cr.savepoint(flush=False) as savepoint:
        env.flush_all()
        env.invalidate_all()
        queries = env.cr.sql_log_count
        start = time.perf_counter()
        result = function()
        env.flush_all()
        elapsed = time.perf_counter() - start
        queries = env.cr.sql_log_count - queries
        savepoint.rollback()
    env.invalidate_all()
    return elapsed, queries, result


def run_ours():
    call = Call.create({"period_start": period})
    call.action_run()
    return len(call.invoice_ids.filtered("lease_id"))


def run_bare(limit=None):
    call = Call.create({"period_start": period})
    leases = call._get_leases_to_bill()[:limit]
    # the same invoices as the rent call: with the repayment plan instalments (a departed tenant's plan is billed
    # on an invoice of its own)
    instalments = env["housing.repayment.plan"]._get_lines_to_bill(leases, period)
    vals_list = call._prepare_invoice_vals_list(leases, instalments, payers=False)
    start = time.perf_counter()
    # the strongest baseline: Odoo's own create and post, without a chatter message and follower per invoice
    moves = env["account.move"].with_context(tracking_disable=True).create(vals_list)
    moves.action_post()
    env.flush_all()
    return time.perf_counter() - start, len(moves)


def run_contract():
    """The same tenant invoices from OCA contract 18.0: one contract per lease with the same lines."""
    call = Call.create({"period_start": period})
    leases = call._get_leases_to_bill()
    products = call._get_products()
    journal = company._housing_rent_journal()
    contracts_vals, skipped = [], []
    for lease in leases:
        amounts = call._compute_lease_amounts(lease)
        lines = [
            ("rent", amounts["rent"]),
            ("charges", amounts["charges"]),
            ("sls", amounts["sls"]),
            ("rls", -amounts["rls"]),
            ("benefit", -amounts["benefit"]),
        ]
        lines = [(key, amount) for key, amount in lines if amount]
        if not lines:  # a departed tenant billed only for a plan instalment: no rent to bill by contract
            continue
        if sum(amount for _key, amount in lines) <= 0:
            # the benefit covers the whole rent: the rent call issues a credit note, which contract cannot
            skipped.append(lease)
            continue
        contracts_vals.append(
            {
                "name": lease.name,
                "partner_id": lease.partner_id.id,
                "contract_type": "sale",
                "journal_id": journal.id,
                "line_recurrence": False,
                "recurring_rule_type": "monthly",
                "recurring_interval": 1,
                "date_start": call.due_date,
                "recurring_next_date": call.due_date,
                "contract_line_ids": [
                    Command.create(
                        {
                            "product_id": products[key].id,
                            "name": products[key].name,
                            "quantity": 1.0,
                            "price_unit": amount,
                        }
                    )
                    for key, amount in lines
                ],
            }
        )
    contracts = env["contract.contract"].create(contracts_vals)
    env.flush_all()
    start = time.perf_counter()
    contracts.cron_recurring_create_invoice(date_ref=call.due_date)
    env.flush_all()
    cron = time.perf_counter() - start
    moves = env["account.move"].search([("state", "=", "draft"), ("invoice_date", "=", call.due_date)])
    start = time.perf_counter()
    moves.action_post()
    env.flush_all()
    return cron, time.perf_counter() - start, len(moves), len(skipped)


mode = os.environ.get("HOUSING_BENCH_MODE")
if mode != "cases":  # HOUSING_BENCH_MODE=cases: the nightly jobs and the case views only (make bench-scale)
    measure(lambda: run_bare(limit=50))  # warm the caches, not counted
    ours, ours_queries, ours_count = measure(run_ours)
    per_invoice = 1000 * ours / max(ours_count, 1)
Plan = env["housing.repayment.plan"]
history = env["account.move"].search_count([("lease_id", "!=", False), ("state", "=", "posted")])
open_cases = Case.search_count([("company_id", "=", company.id), ("is_closed", "=", False)])


def nightly():
    """Seconds and queries of the detection and of the plan monitor."""
    detection, detection_queries, _r = measure(lambda: Case.sudo()._cron_detect_arrears())
    monitor, monitor_queries, _r = measure(lambda: Plan.sudo()._cron_monitor_plans())
    return detection, detection_queries, monitor, monitor_queries


if mode == "small":
    detection, detection_queries, monitor, monitor_queries = nightly()
    figures = {
        "leases": leases_count,
        "invoices": ours_count,
        "seconds": ours,
        "ms": per_invoice,
        "detection_queries": detection_queries,
        "monitor_queries": monitor_queries,
        "cases": open_cases,
    }
    print("@@SMALL@@" + json.dumps(figures))
    raise SystemExit(0)
small = json.loads(os.environ.get("HOUSING_BENCH_SMALL") or "null")
if mode == "cases":
    print(f"== {leases_count} active leases ==")
else:
    _unused, _q, (bare, bare_count) = measure(run_bare)
    _unused, _q, (contract_cron, contract_post, contract_count, contract_skipped) = measure(run_contract)
    contract = contract_cron + contract_post
    print(f"== Rent call of {period:%m/%Y}: {leases_count} active leases ==")
    what = f"{ours_count} notices and the payers, {ours_queries} queries"
    print(f"  housing rent call, created and posted : {ours:7.1f} s  ({what})")
    print(f"  bare create + post, tracking disabled : {bare:7.1f} s  ({bare_count} notices)")
    print(
        f"  OCA contract 18.0 cron + post         : {contract:7.1f} s  ({contract_count} invoices: "
        f"cron {contract_cron:.1f} s + post {contract_post:.1f} s; {contract_skipped} leases whose benefit covers the "
        "rent left out: the rent call gives them a credit note)"
    )
    print(f"  ratio rent call / bare create+post    : {ours / bare:5.2f}   (target <= 0.80)")
    print(f"  ratio OCA contract / rent call        : {contract / ours:5.2f}   (target >= 2.50)")
    if small:
        print(
            f"  per invoice: {per_invoice:.1f} ms at {leases_count} leases, {small['ms']:.1f} ms at {small['leases']} "
            f"leases; ratio {per_invoice / small['ms']:.2f}   (target <= 1.20)"
        )

print("== Nightly jobs ==")
detection, detection_queries, monitor, monitor_queries = nightly()
plans = Plan.search_count([("state", "=", "active")])
print(f"  {history} rent invoices in the history, {open_cases} open cases, {plans} running plans")
print(f"  detection                             : {detection:7.2f} s  ({detection_queries} queries; target < 10 s)")
print(f"  plan monitor                          : {monitor:7.2f} s  ({monitor_queries} queries)")
if small:
    print(
        f"  queries at {small['leases']} leases ({small['cases']} open cases): detection {small['detection_queries']}, "
        f"plan monitor {small['monitor_queries']}"
    )

print("== The arrears cases in the browser (server side of a page) ==")
officer = env.ref("base.user_admin")
kanban_fields = {
    name: {}
    for name in (
        "partner_id",
        "lease_id",
        "unit_id",
        "sector_id",
        "debt_amount",
        "months_in_arrears",
        "last_payment_date",
        "priority",
        "activity_ids",
        "user_id",
        "unreachable",
        "tenant_departed",
        "currency_id",
        "color",
        "urgency",
        "stage_id",
    )
}
list_fields = {
    name: {}
    for name in (
        "name",
        "partner_id",
        "unit_id",
        "sector_id",
        "pole",
        "stage_id",
        "user_id",
        "debt_amount",
        "currency_id",
        "months_in_arrears",
        "last_payment_date",
        "tenant_departed",
        "unreachable",
        "next_deadline",
        "is_closed",
    )
}
# the action opens on the filter "Open" (search_default_open)
domain = [("is_closed", "=", False)]
CaseUser = Case.with_user(officer).with_context(lang="fr_FR")


def kanban_page():
    groups = CaseUser.web_read_group(domain, ["stage_id"], ["stage_id"], lazy=True)
    CaseUser.read_progress_bar(domain, "stage_id", {"field": "urgency", "colors": {}, "sum_field": "debt_amount"})
    for group in groups["groups"]:
        if not group.get("__fold"):
            CaseUser.web_search_read(group["__domain"], kanban_fields, limit=20)  # the limit of the kanban view
    return len(groups["groups"])


def list_page():
    return CaseUser.web_search_read(domain, list_fields, limit=80, count_limit=10001)["length"]


kanban, kanban_queries, _r = measure(kanban_page)
listing, list_queries, count = measure(list_page)
print(f"  kanban ({open_cases} open cases)         : {kanban:7.2f} s  ({kanban_queries} queries; target < 1 s)")
print(f"  list ({count} cases)                  : {listing:7.2f} s  ({list_queries} queries; target < 1 s)")
