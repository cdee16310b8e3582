# Bench of the batch letters (housing_letters, *Action > Letters* on the arrears cases): 300 letters (or
# HOUSING_LETTERS) in one go, each attached to its case and logged as a contact attempt, then the batch PDF to print;
# prints the seconds and the seconds per letter. Nothing is kept: it runs in a savepoint rolled back at the end.
#
# Run inside `odoo shell` on a database where housing_letters is installed with open arrears cases (the bench
# database of `make bench`, which runs it after the rent call), `env` given:
#
#     HOUSING_LETTERS=300 odoo shell -d DB --log-level=warn --max-cron-threads=0 < tools/bench_letters.py
#
# (`odoo` as in tools/common.sh), or from a shell session: exec(open("tools/bench_letters.py").read()), then
# bench_letters(env, 300).
# ruff: noqa: F821
import os
import time

from odoo import fields


def bench_letters(env, count=300, xmlid="housing_letters.action_report_formal_notice"):
    """Seconds to issue `count` letters of the report `xmlid` in one batch (the PDFs rendered in one go and split
    per case, attached, logged as contact attempts), then to print the batch PDF."""
    Case = env["housing.arrears.case"].with_context(lang="fr_FR")
    cases = Case.search([("is_closed", "=", False), ("debt_amount", ">", 0)], limit=count, order="id")
    report = env.ref(xmlid)
    with env.cr.savepoint(flush=False) as savepoint:
        if len(cases) < count:
            # a small portfolio: cases opened (then rolled back) on leases without one, for the count of letters
            leases = env["housing.lease"].search(
                [("state", "=", "active"), ("id", "not in", cases.lease_id.ids)], limit=count - len(cases)
            )
            cases |= Case._open_cases(leases, fields.Date.today())
        queries = env.cr.sql_log_count
        start = time.perf_counter()
        contacts = cases._issue_letters(report, "letter", label=report.name)
        env.flush_all()
        issued = time.perf_counter() - start
        queries = env.cr.sql_log_count - queries
        attached = len(contacts.filtered("attachment_id"))
        size = sum(contacts.attachment_id.mapped("file_size"))
        start = time.perf_counter()
        batch = env["housing.letter.batch"].create(
            {"case_ids": [fields.Command.set(cases.ids)], "report_id": report.id}
        )
        action = batch._print_action(contacts)
        printed = time.perf_counter() - start
        pdf_size = env["ir.attachment"].search([("res_model", "=", batch._name), ("res_id", "=", batch.id)]).file_size
        if action["type"] != "ir.actions.act_url":
            pdf_size = 0
        savepoint.rollback()
    env.invalidate_all()
    n = len(cases)
    print(f"== Batch letters: {n} × {report.name} ==")
    print(
        f"  issue (render, split per case, attach, log): {issued:.1f} s, {issued / n:.3f} s per letter, "
        f"{queries} queries; {attached} letters attached ({size // 1024} KB), then rolled back"
    )
    print(f"  the batch PDF to post (the letters merged): {printed:.1f} s, {pdf_size // 1024} KB")
    return {"count": n, "issue": issued, "print": printed, "queries": queries}


if "env" in globals():
    bench_letters(env, int(os.environ.get("HOUSING_LETTERS") or 300))
