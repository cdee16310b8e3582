# Run by tools/bench.sh inside `odoo shell` on a bench database (`env` is given): the last rent call of the
# portfolio (December, eleven months of history in the journal) billed again, its notices removed in a savepoint,
# once with Odoo's own numbering of the invoices and once with the rent call's batch numbering
# (`account.move._get_last_sequence` under `housing_rent_call_batch`), twice each, alternated; per-invoice cost and
# the numbers given. Nothing is kept: every run is rolled back.
# ruff: noqa: F821
import time

from odoo.addons.housing_arrears.models import account_move

Call = env["housing.rent.call"]
last = Call.search([("company_id", "=", env.company.id), ("state", "=", "done")], order="period_start desc", limit=1)
period = last.period_start
batch_numbering = account_move.AccountMove._get_last_sequence


def odoo_numbering(self, relaxed=False, with_prefix=None):
    return super(account_move.AccountMove, self)._get_last_sequence(relaxed=relaxed, with_prefix=with_prefix)


def remove_call(call_id):
    """The notices of the call and the call itself, with what points at them (rolled back by the caller)."""
    moves = "SELECT id FROM account_move WHERE housing_rent_call_id = %(call)s"
    lines = f"SELECT id FROM account_move_line WHERE move_id IN ({moves})"
    env.cr.execute(
        f"DELETE FROM account_partial_reconcile WHERE debit_move_id IN ({lines}) OR credit_move_id IN ({lines})",
        {"call": call_id},
    )
    env.cr.execute(
        f"UPDATE housing_repayment_plan_line SET invoice_id = NULL WHERE invoice_id IN ({moves})", {"call": call_id}
    )
    env.cr.execute(f"DELETE FROM account_move WHERE id IN ({moves})", {"call": call_id})
    env.cr.execute("DELETE FROM housing_rent_call WHERE id = %(call)s", {"call": call_id})


results = {}
for variant in ("odoo", "batch", "odoo", "batch"):
    account_move.AccountMove._get_last_sequence = batch_numbering if variant == "batch" else odoo_numbering
    try:
        with env.cr.savepoint(flush=False) as savepoint:
            remove_call(last.id)
            env.invalidate_all()
            env.cr.flush()  # a transaction of its own: Odoo's cache of the locked numbers starts empty
            start = time.perf_counter()
            call = Call.create({"period_start": period})
            call.action_run()
            env.flush_all()
            elapsed = time.perf_counter() - start
            names = sorted(call.invoice_ids.filtered("lease_id").mapped("name"))
            results.setdefault(variant, []).append((elapsed / len(names) * 1000, names))
            savepoint.rollback()
    finally:
        account_move.AccountMove._get_last_sequence = batch_numbering
        env.invalidate_all()
        env.cr.flush()
leases = env["housing.lease"].search_count([("company_id", "=", env.company.id), ("state", "=", "active")])
odoo_ms = min(ms for ms, _names in results["odoo"])
batch_ms = min(ms for ms, _names in results["batch"])
same = all(names == results["odoo"][0][1] for _ms, names in results["odoo"] + results["batch"])
print(f"== Numbering of the notices: the rent call of {period:%m/%Y} billed again, {leases} active leases ==")
print(f"  Odoo's numbering, per invoice          : {odoo_ms:6.1f} ms (best of 2)")
print(f"  batch numbering, per invoice           : {batch_ms:6.1f} ms (best of 2); ratio {batch_ms / odoo_ms:.2f}")
print(f"  same numbers both ways                 : {'yes' if same else 'NO'}")
