# Run by tools/bench.sh inside `odoo shell` on the bench database (`env` is given). Nothing it does is kept:
# every measurement runs in a savepoint that is rolled back.
# ruff: noqa: F821
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
    return len(call.invoice_ids)


def run_bare(limit=None):
    call = Call.create({"period_start": period})
    leases = call._get_leases_to_bill()[:limit]
    # the same invoices as the rent call: with the repayment plan instalments (a departed tenant's plan is billed
    # on an invoice of its own)
    instalments = env["housing.repayment.plan"]._get_lines_to_bill(leases, period)
    vals_list = call._prepare_invoice_vals_list(leases, instalments)
    start = time.perf_counter()
    moves = env["account.move"].create(vals_list)
    moves.action_post()
    env.flush_all()
    return time.perf_counter() - start, len(moves)


def run_contract():
    """The same tenant invoices from OCA contract 18.0: one contract per lease with the same lines."""
    call = Call.create({"period_start": period})
    leases = call._get_leases_to_bill()
    products = call._get_products()
    journal = company._housing_rent_journal()
    contracts_vals = []
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
    return cron, time.perf_counter() - start, len(moves)


print(f"== Rent call of {period:%m/%Y}: {leases_count} active leases ==")
measure(lambda: run_bare(limit=50))  # warm the caches, not counted
_unused, _q, (bare, bare_count) = measure(run_bare)
ours, ours_queries, ours_count = measure(run_ours)
_unused, _q, (contract_cron, contract_post, contract_count) = measure(run_contract)
contract = contract_cron + contract_post
print(f"  housing rent call, created and posted : {ours:7.1f} s  ({ours_count} invoices, {ours_queries} queries)")
print(f"  bare account.move.create + action_post: {bare:7.1f} s  ({bare_count} invoices)")
print(
    f"  OCA contract 18.0 cron + post         : {contract:7.1f} s  ({contract_count} invoices: "
    f"cron {contract_cron:.1f} s + post {contract_post:.1f} s)"
)
print(f"  ratio rent call / bare create+post    : {ours / bare:5.2f}   (target <= 1.20)")
print(f"  ratio OCA contract / rent call        : {contract / ours:5.2f}   (target >= 2.50)")

print("== Nightly arrears detection ==")
history = env["account.move"].search_count([("lease_id", "!=", False), ("state", "=", "posted")])
open_cases = Case.search_count([("company_id", "=", company.id), ("is_closed", "=", False)])


def read_receivables():
    return env["account.move.line"]._read_group(
        [
            ("company_id", "=", company.id),
            ("parent_state", "=", "posted"),
            ("account_type", "=", "asset_receivable"),
            ("reconciled", "=", False),
            ("housing_lease_id", "!=", False),
        ],
        ["housing_lease_id"],
        ["amount_residual:sum"],
    )


baseline, _q, _r = measure(read_receivables)
detection, detection_queries, _r = measure(lambda: Case.sudo()._cron_detect_arrears())
print(f"  {history} rent invoices in the history, {open_cases} open cases")
print(f"  detection run                         : {detection:7.2f} s  ({detection_queries} queries; target < 10 s)")
print(f"  one read_group of the open receivables: {baseline:7.2f} s")
print(f"  ratio detection / read_group          : {detection / baseline:5.1f}")
