"""The scheduled jobs under Odoo's production limits: `make cron-check` (also run by `make bench`).

For each job (the rent call, the nightly arrears detection, the plan monitor), on a copy of a portfolio database:

1. the job is run once in one transaction (rolled back) to learn how long it takes (T) and what it must give;
2. Odoo is started with `--workers=2 --max-cron-threads=1 --limit-time-real-cron=L`, L = T / 2 but at least
   MIN_LIMIT seconds, and the job is triggered; when about 40 % of the work is done, the cron worker is killed
   with SIGKILL;
3. the master starts a new cron worker, which resumes the job; once it is over, the result is compared with the
   one of step 1: every lease billed once and the benefit of each lease on one payer invoice (rent call), the same
   open cases with the same debts (detection), the same plan and instalment states (plan monitor).

Two facts of Odoo's prefork server shape the check (`odoo/service/server.py`, `WorkerCron`):

- a cron worker sleeps up to 60 s + (pid mod 10) s between two rounds, unless a `NOTIFY cron_trigger` wakes it,
  and the master's watchdog counts that sleep: under a `limit_time_real_cron` below 70 s, Odoo kills its own idle
  cron workers, and a worker started after a kill sleeps before its first round, so a job stopped with work left
  is never taken again. A busy server wakes its cron workers all the time (every `_trigger()` does); the check
  does the same with a `NOTIFY cron_trigger` every half second, so that the kills it counts are kills of work. In
  production keep `limit_time_real_cron` at 120 s or more (the README says why);
- the first round of a new cron worker loads the registry, which counts in the limit too: MIN_LIMIT is above that.

Usage: python tools/cron_check.py <portfolio db> [job ...]   (run by tools/cron_check.sh with the suite's venv)
"""

import json
import math
import os
import signal
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ODOO_BIN = os.environ["HOUSING_ODOO_BIN"]
ADDONS_PATH = os.environ["HOUSING_ADDONS_PATH"]
DATA_DIR = os.environ["HOUSING_DATA_DIR"]
PYTHON = sys.executable
BUILD = os.path.join(ROOT, ".build")
TIMEOUT = int(os.environ.get("HOUSING_CRON_CHECK_TIMEOUT", "1800"))
# above the registry load of a new cron worker (about 3 s with the suite), which counts in its first round
MIN_LIMIT = int(os.environ.get("HOUSING_CRON_CHECK_MIN_LIMIT", "20"))

# ------------------------------------------------------------------ what runs inside `odoo shell`
PREPARE = {
    # a call of the coming month, started as a user starts it (it runs in the background)
    "rent_call": """
from dateutil.relativedelta import relativedelta
Call = env["housing.rent.call"]
last = Call.search([("company_id", "=", env.company.id)], order="period_start desc", limit=1)
call = Call.create({"period_start": last.period_start + relativedelta(months=1)})
call.write({"state": "running"})
env.cr.commit()
RESULT = {"call_id": call.id, "cron": "housing_arrears.ir_cron_rent_call"}
""",
    "detection": """
RESULT = {"cron": "housing_arrears.ir_cron_detect_arrears"}
""",
    # plans on the open cases, their first instalment due last month and judged once its grace days are over
    "monitor": """
from datetime import timedelta
from dateutil.relativedelta import relativedelta
from odoo import fields
today = fields.Date.context_today(env.user)
month = (today - relativedelta(months=1)).replace(day=1)
Plan = env["housing.repayment.plan"]
# `active_plan_id` is computed, not stored: the cases without a plan under way are filtered here
cases = env["housing.arrears.case"].search([("is_closed", "=", False)]).filtered(lambda case: not case.active_plan_id)
notices = {m.lease_id: m for m in env["account.move"].search(
    [("lease_id", "in", cases.lease_id.ids), ("housing_period", "=", month), ("move_type", "=", "out_invoice")])}
vals = []
for case in cases:
    due = case._get_position(month - timedelta(days=1)).due
    if due >= 1 and case.lease_id in notices:
        vals.append({"case_id": case.id, "debt_amount": min(due, case.debt_amount) if case.debt_amount else due,
                     "start_month": month, "instalment_count": 4, "signature_date": month - timedelta(days=1)})
plans = Plan.create([v for v in vals if v["debt_amount"] >= 1])
for plan in plans:
    plan.action_sign()
    plan.line_ids[0].write({"state": "billed", "invoice_id": notices[plan.lease_id].id})
env.cr.commit()
RESULT = {"plans": len(plans), "cron": "housing_arrears.ir_cron_monitor_plans"}
""",
}

# the job in one transaction: its time and what it gives (then rolled back)
ORACLE = {
    "rent_call": """
call = env["housing.rent.call"].browse(PREP["call_id"])
start = time.perf_counter()
call.action_run()
env.flush_all()
lines = env["account.move.line"].search([("move_id.housing_rent_call_id", "=", call.id),
    ("move_id.lease_id", "=", False), ("housing_lease_id", "!=", False), ("display_type", "=", "product"),
    ("product_id", "=", env.ref("housing_arrears.product_benefit").id)])  # not the entries of the plan instalments
RESULT = {"seconds": time.perf_counter() - start, "expected": sorted(call.invoice_ids.lease_id.ids),
          "benefit": sorted(set(lines.housing_lease_id.ids))}
""",
    "detection": """
start = time.perf_counter()
env["housing.arrears.case"]._cron_detect_arrears()
env.flush_all()
cases = env["housing.arrears.case"].search([("is_closed", "=", False)])
RESULT = {"seconds": time.perf_counter() - start,
          "expected": sorted([c.lease_id.id, round(c.debt_amount, 2)] for c in cases)}
""",
    "monitor": """
start = time.perf_counter()
env["housing.repayment.plan"]._cron_monitor_plans()
env.flush_all()
plans = env["housing.repayment.plan"].search([("state", "!=", "draft")])
RESULT = {"seconds": time.perf_counter() - start,
          "expected": sorted([p.id, p.state, p.line_ids.mapped("state")] for p in plans)}
""",
}

# what the job gave under the limits
RESULTS = {
    "rent_call": """
call = env["housing.rent.call"].browse(PREP["call_id"])
notices = env["account.move"].search([("housing_rent_call_id", "=", call.id), ("lease_id", "!=", False)])
counts = {}
for move in notices:
    counts[move.lease_id.id] = counts.get(move.lease_id.id, 0) + 1
payer_lines = env["account.move.line"].search([("move_id.housing_rent_call_id", "=", call.id),
    ("move_id.lease_id", "=", False), ("housing_lease_id", "!=", False), ("display_type", "=", "product"),
    ("product_id", "=", env.ref("housing_arrears.product_benefit").id)])  # not the entries of the plan instalments
per_lease = {}
for line in payer_lines:
    per_lease[line.housing_lease_id.id] = per_lease.get(line.housing_lease_id.id, 0) + 1
RESULT = {"done": call.state == "done", "billed": sorted(counts),
          "twice": sorted(k for k, v in counts.items() if v > 1),
          "benefit": sorted(per_lease), "benefit_twice": sorted(k for k, v in per_lease.items() if v > 1),
          "progress": len(notices)}
""",
    "detection": """
cursor = env["housing.batch.cursor"].search([("job", "=", "arrears_detection")])
cron = env.ref(PREP["cron"])
cases = env["housing.arrears.case"].search([("is_closed", "=", False)])
RESULT = {"done": bool(cursor) and not cursor.company_id and cron.nextcall > fields.Datetime.now(),
          "got": sorted([c.lease_id.id, round(c.debt_amount, 2)] for c in cases),
          "progress": cursor.last_id if cursor else 0}
""",
    "monitor": """
cursor = env["housing.batch.cursor"].search([("job", "=", "plan_monitor")])
cron = env.ref(PREP["cron"])
plans = env["housing.repayment.plan"].search([("state", "!=", "draft")])
RESULT = {"done": bool(cursor) and not cursor.company_id and cron.nextcall > fields.Datetime.now(),
          "got": sorted([p.id, p.state, p.line_ids.mapped("state")] for p in plans),
          "progress": cursor.last_id if cursor else 0}
""",
}

DUE_NOW = """
from datetime import timedelta
now = fields.Datetime.now()
target = env.ref(PREP["cron"])
# every other job waits (Odoo's own too: on a copy, all of them are overdue and would share the worker's round)
(env["ir.cron"].search([]) - target).write({"nextcall": now + timedelta(days=1)})
target.write({"nextcall": now - timedelta(minutes=1), "active": True, "failure_count": 0})
RESULT = True
"""

HEADER = "import json, time\nfrom odoo import fields\nPREP = json.loads(%r)\nRESULT = None\n"
FOOTER = "\nprint('@@RESULT@@' + json.dumps(RESULT, default=str))\n"


def shell(db, code, prep=None, commit=False):
    script = HEADER % json.dumps(prep or {}) + code + ("\nenv.cr.commit()\n" if commit else "\nenv.cr.rollback()\n")
    script += FOOTER
    out = subprocess.run(
        [
            PYTHON,
            ODOO_BIN,
            "shell",
            "-d",
            db,
            f"--addons-path={ADDONS_PATH}",
            f"--data-dir={DATA_DIR}",
            "--log-level=warn",
            "--no-http",
        ],
        input=script,
        capture_output=True,
        text=True,
        check=False,
    )
    for line in out.stdout.splitlines():
        if line.startswith("@@RESULT@@"):
            return json.loads(line[len("@@RESULT@@") :])
    raise RuntimeError(f"odoo shell failed on {db}:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")


def psql(db, sql):
    return subprocess.run(["psql", "-d", db, "-tAc", sql], capture_output=True, text=True, check=False).stdout.strip()


def poll(db, job, prep):
    """(progress, done) of the job, read from the database without starting Odoo."""
    if job == "rent_call":
        call = prep["call_id"]
        count = psql(
            db, f"SELECT count(*) FROM account_move WHERE housing_rent_call_id = {call} AND lease_id IS NOT NULL"
        )
        state = psql(db, f"SELECT state FROM housing_rent_call WHERE id = {call}")
        return int(count or 0), state == "done"
    name = "arrears_detection" if job == "detection" else "plan_monitor"
    row = psql(db, f"SELECT coalesce(company_id, 0), last_id FROM housing_batch_cursor WHERE job = '{name}'")
    company, last = (int(value) for value in row.split("|")) if row else (0, 0)
    xmlid = prep["cron"].split(".")[1]
    rescheduled = psql(
        db,
        "SELECT nextcall > now() at time zone 'UTC' FROM ir_cron WHERE id = (SELECT res_id FROM ir_model_data "
        f"WHERE module = 'housing_arrears' AND name = '{xmlid}')",
    )
    return last, bool(row) and not company and rescheduled == "t"


def given_up(db, prep):
    """Odoo gave the job up: killed 3 times in a row before it committed a batch, it is marked failed and put off
    to its next regular call (`_process_job`, CONSECUTIVE_TIMEOUT_FOR_FAILURE)."""
    module, name = prep["cron"].split(".")
    failures = psql(
        db,
        "SELECT failure_count FROM ir_cron WHERE id = (SELECT res_id FROM ir_model_data "
        f"WHERE module = '{module}' AND name = '{name}')",
    )
    return int(failures or 0) > 0


def wake(db):
    """What every `_trigger()` of a busy server does: wake the cron workers (they LISTEN on the postgres database)."""
    psql("postgres", f"NOTIFY cron_trigger, '{db}'")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cron_worker_pids(master):
    out = subprocess.run(["ps", "-o", "pid=,args=", "--ppid", str(master)], capture_output=True, text=True).stdout
    return [int(line.split()[0]) for line in out.splitlines() if "WorkerCron" in line or "cron" in line.lower()]


def check(source, job):
    db = f"{source}_cron_{job}"
    subprocess.run(["dropdb", "--if-exists", db], check=True)
    subprocess.run(["createdb", "-T", source, db], check=True)
    try:
        prep = shell(db, PREPARE[job], commit=True)
        oracle = shell(db, ORACLE[job], prep)
        seconds = oracle["seconds"]
        limit = max(MIN_LIMIT, math.floor(seconds / 2))
        target = len(oracle["expected"])
        # the job is due now, the other jobs of the suite wait
        shell(db, DUE_NOW, prep, commit=True)
        log = os.path.join(BUILD, f"cron_check_{job}.log")
        if os.path.exists(log):  # Odoo appends to its log file: the kills counted are this run's
            os.remove(log)
        port = free_port()
        server = subprocess.Popen(
            [
                PYTHON,
                ODOO_BIN,
                "-d",
                db,
                f"--db-filter=^{db}$",
                f"--addons-path={ADDONS_PATH}",
                f"--data-dir={DATA_DIR}",
                "--workers=2",
                "--max-cron-threads=1",
                f"--limit-time-real-cron={limit}",
                "--limit-time-real=120",
                f"--http-port={port}",
                f"--gevent-port={free_port()}",
                "--http-interface=127.0.0.1",
                f"--logfile={log}",
                "--log-level=info",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # a job stopped with work left is taken again at once (`_process_job`, PARTIALLY_DONE)
            env=dict(os.environ, ODOO_NOTIFY_CRON_CHANGES="1"),
        )
        started, killed = time.monotonic(), False
        while time.monotonic() - started < TIMEOUT:
            time.sleep(0.5)
            wake(db)
            progress, done = poll(db, job, prep)
            if done:
                break
            if given_up(db, prep):
                print(f"  {job}: Odoo marked the job failed (killed 3 times in a row before a batch committed)")
                break
            if not killed and progress >= (0.4 * target if job == "rent_call" else 1):
                for pid in cron_worker_pids(server.pid):
                    os.kill(pid, signal.SIGKILL)
                    killed = True
        wall = time.monotonic() - started
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        state = shell(db, RESULTS[job], prep)
        with open(log, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        timeouts = text.count("timeout after")
        if job == "rent_call":
            ok = (
                state["done"]
                and state["billed"] == oracle["expected"]
                and not state["twice"]
                and state["benefit"] == oracle["benefit"]
                and not state["benefit_twice"]
            )
        else:
            ok = state["done"] and state["got"] == oracle["expected"]
        what = "leases billed once" if job == "rent_call" else "records as in one transaction"
        if not ok:
            for key, value in state.items():
                if (key in oracle and oracle[key] != value) or key in ("done", "twice", "benefit_twice", "progress"):
                    shown = value if not isinstance(value, list) else f"{len(value)} items"
                    print(f"    {key}: {shown}")
            if job == "rent_call":
                missing = sorted(set(oracle["expected"]) - set(state["billed"]))
                extra = sorted(set(state["billed"]) - set(oracle["expected"]))
                print(f"    leases not billed: {missing[:10]}; billed but not expected: {extra[:10]}")
                print(f"    benefit: {len(oracle['benefit'])} expected, {len(state['benefit'])} on the payer invoices")
        print(
            f"  {job:<10} one transaction {seconds:7.1f} s | --limit-time-real-cron={limit:<4} done in "
            f"{wall:7.1f} s, {timeouts} worker(s) killed by the limit, 1 SIGKILL mid-run "
            f"{'(sent)' if killed else '(not sent: the job ended first)'} | "
            f"{'OK' if ok else 'FAILED'}: {target} {what}"
        )
        return ok
    finally:
        if os.environ.get("HOUSING_CRON_CHECK_KEEP") != "1":  # keep the copy to look at it
            subprocess.run(["dropdb", "--if-exists", db], check=False)


def main():
    source = sys.argv[1]
    jobs = sys.argv[2:] or ["rent_call", "detection", "monitor"]
    os.makedirs(BUILD, exist_ok=True)
    print(f"== Scheduled jobs under the production limits (copies of {source}) ==")
    results = [check(source, job) for job in jobs]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
