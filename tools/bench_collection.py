"""Bench of the automatic matching of bank statements (housing_collection) on a generated portfolio.

Usage (with the suite's virtualenv, on a database where housing_collection is installed and a portfolio was
generated, e.g. the bench database of `make bench`):

    ~/.cache/housing-social/venv/bin/python tools/bench_collection.py housing_bench_2800_12 [--lines 3000]

It runs the coming month's rent call, so that every active lease has an open notice, writes a CFONB 120 file of
`--lines` transfers for the portfolio's leases, as tenants write them (most quote their lease reference, many
only their name with the exact amount of the notice, some their name with another amount, a few nothing
usable, and the benefit payers' transfers), imports it through the OCA importer with the automatic matching,
and prints the share of lines matched automatically (target: 95 % of the lines that quote the reference or an
exact amount) and the time per line. Nothing is kept: everything runs in a savepoint rolled back at the end.
"""

import argparse
import base64
import hashlib
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

from dateutil.relativedelta import relativedelta

import odoo
from odoo import SUPERUSER_ID, api

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("HOUSING_CACHE") or Path.home() / ".cache" / "housing-social")
FIRST_WORDS = ("VIR SEPA", "VIREMENT", "VIR INST", "VIR PERMANENT")


def addons_path():
    """The addons path of tools/common.sh: Odoo's addons, the folder linking this clone as housing_social, the
    clone itself."""
    link_dir = CACHE / "addons" / hashlib.md5(str(ROOT).encode()).hexdigest()[:12]
    return ",".join([str(CACHE / "odoo-src" / "odoo" / "addons"), str(link_dir), str(ROOT)])


def make_transfers(env, rng, count, call):
    """[(label, amount, complement, kind)] for `count` transfers; kind says what the line quotes."""
    invoices = env["account.move"].search(
        [("housing_rent_call_id", "=", call.id), ("state", "=", "posted"), ("amount_residual", ">", 0)]
    )
    tenants = invoices.filtered("lease_id")
    payers = invoices - tenants
    transfers = []
    pool = list(tenants)
    rng.shuffle(pool)
    for index in range(count):
        draw = rng.random()
        if draw < 0.02 and payers:
            invoice = rng.choice(payers)
            amount = invoice.amount_residual if rng.random() < 0.5 else round(invoice.amount_residual * 0.97, 2)
            transfers.append((f"VIR {invoice.partner_id.name.upper()[:27]}", amount, "PAIEMENT APL", "payer"))
            continue
        invoice = pool[index % len(pool)]
        lease = invoice.lease_id
        # a tenant paying a second time in the file pays part of what is left: no exact amount any more
        again = index >= len(pool)
        residual = round(invoice.amount_residual / 2, 2) if again else invoice.amount_residual
        name = lease.partner_id.name.upper()
        if rng.random() < 0.5:
            first, _space, last = name.partition(" ")
            name = f"{last} {first}"
        payer = f"DE {rng.choice(['M', 'MME', ''])} {name}".replace("  ", " ")
        prefix = rng.choice(FIRST_WORDS)
        if draw < 0.57:
            kind, label, amount = "reference", f"{prefix} {lease.name}", residual
        elif draw < 0.87 and not again:
            kind, label, amount = "exact_amount", f"{prefix} LOYER", residual
        elif draw < 0.95:
            kind, label, amount = "name_only", f"{prefix} LOYER", round(max(residual - rng.randint(10, 80), 5.0), 2)
        else:
            kind, label, amount, payer = "nothing", f"{prefix} {rng.randint(1000, 9999)}", residual, ""
        transfers.append((label, amount, payer, kind))
    return transfers


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database")
    parser.add_argument("--lines", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    odoo.tools.config.parse_config(
        [f"--addons-path={addons_path()}", f"--data-dir={CACHE / 'data'}", "--log-level=warn", "--max-cron-threads=0"]
    )
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "fr_FR"})
        if "housing.collection.demo" not in env:
            sys.exit(
                f"housing_collection is not installed in {args.database}: odoo -d {args.database} -i housing_collection"
            )
        from odoo.addons.housing_collection.models.housing_collection_demo import cfonb120  # noqa: PLC0415

        rng = random.Random(args.seed)
        company = env.company
        leases = env["housing.lease"].search_count([("company_id", "=", company.id), ("state", "=", "active")])
        with cr.savepoint(flush=False) as savepoint:
            journal = env["housing.collection.demo"]._demo_bank_journal(company)
            last = env["housing.rent.call"].search(
                [("company_id", "=", company.id)], order="period_start desc", limit=1
            )
            start = time.perf_counter()
            call = env["housing.rent.call"].create({"period_start": last.period_start + relativedelta(months=1)})
            call.action_run()
            call_time = time.perf_counter() - start
            transfers = make_transfers(env, rng, args.lines, call)
            iban = journal.bank_account_id.sanitized_acc_number
            data = cfonb120(
                [(label, amount, complement) for label, amount, complement, _kind in transfers],
                call.due_date,
                bank=iban[4:9],
                branch=iban[9:14],
                account=iban[14:25],
            )
            env.flush_all()
            start = time.perf_counter()
            wizard = env["account.statement.import"].create(
                {"statement_file": base64.b64encode(data), "statement_filename": "bench.cfonb"}
            )
            statement = env["account.bank.statement"].browse(wizard._import_file()["statement_ids"])
            env.flush_all()
            elapsed = time.perf_counter() - start
            lines = statement.line_ids.sorted("sequence")
            kinds = [kind for _label, _amount, _complement, kind in transfers]
            matched = Counter()
            total = Counter(kinds)
            for line, kind in zip(lines, kinds):
                if line.is_reconciled:
                    matched[kind] += 1
            rules = Counter(line.housing_match_rule or "queue" for line in lines)
            missed = [
                (transfer[0], transfer[2], line.partner_id.name)
                for line, transfer in zip(lines, transfers)
                if not line.is_reconciled and transfer[3] in ("reference", "exact_amount")
            ]
            savepoint.rollback()
        quoted = total["reference"] + total["exact_amount"]
        quoted_matched = matched["reference"] + matched["exact_amount"]
        print(f"== Bank statement matching: {len(lines)} lines, {leases} active leases ==")
        print(f"  rent call to open the notices (not counted): {call_time:7.1f} s")
        per_line = 1000 * elapsed / len(lines)
        print(f"  import + automatic matching               : {elapsed:7.1f} s  ({per_line:.1f} ms/line)")
        share = 100 * quoted_matched / quoted if quoted else 0.0
        print(
            f"  matched, lines quoting the reference or an exact amount: {quoted_matched}/{quoted} = {share:.1f} % "
            "(target >= 95 %)"
        )
        done = sum(matched.values())
        print(f"  matched, all lines: {done}/{len(lines)} = {100 * done / len(lines):.1f} %")
        for kind in ("reference", "exact_amount", "name_only", "payer", "nothing"):
            if total[kind]:
                print(f"    {kind:13} {matched[kind]:5}/{total[kind]:<5} {100 * matched[kind] / total[kind]:5.1f} %")
        print("  by rule: " + ", ".join(f"{rule} {count}" for rule, count in sorted(rules.items())))
        if missed and os.environ.get("HOUSING_BENCH_VERBOSE"):
            print("  missed lines quoting the reference or an exact amount:")
            for label, complement, partner in missed:
                print(f"    {label!r} {complement!r} -> {partner or 'no tenant found'}")


if __name__ == "__main__":
    main()
