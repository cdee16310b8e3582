"""Scheduled jobs that finish under Odoo's production limits.

Odoo's cron workers (`--workers`) are killed when the jobs of one round run longer than `limit_time_real_cron` (by
default `limit_time_real`, 120 s), and Odoo runs a job's server action up to 10 times in a row, committing after
each run, as long as the job reports work left with `ir.cron._notify_progress(done=, remaining=)`
(`odoo/addons/base/models/ir_cron.py`, `_run_job`). So every job of the suite whose work grows with the
portfolio does a bounded batch per run, well inside that limit, reports what remains, and resumes where it
stopped: after the limit, a `kill -9` or a restart, the next run starts again from its cursor (or, for the rent
call, from the leases it has not billed yet), never doing anything twice.
"""

import time

from odoo import api, fields, models
from odoo.tools import config

# Odoo's `MAX_BATCH_PER_CRON_JOB`, and a margin for the other jobs that a cron worker runs in the same round
RUNS_PER_ROUND = 10
JOBS_PER_ROUND = 4


class HousingBatchCursor(models.Model):
    """Where a batched job stopped: the company and the last record done of the pass under way."""

    _name = "housing.batch.cursor"
    _description = "Progress of a Scheduled Job"

    job = fields.Char(required=True)
    day = fields.Date(help="Day of the pass under way.")
    company_id = fields.Many2one(
        "res.company", ondelete="cascade", help="Company of the pass under way (empty: no pass under way)."
    )
    last_id = fields.Integer(help="Last record done in that company.")

    _sql_constraints = [("job_uniq", "unique(job)", "One cursor per job.")]

    @api.model
    def _get(self, job, day):
        """The cursor of a job; a pass left unfinished on another day starts again."""
        cursor = self.sudo().search([("job", "=", job)], limit=1)
        if not cursor:
            return self.sudo().create({"job": job, "day": day})
        if cursor.day != day:
            cursor.write({"day": day, "company_id": False, "last_id": 0})
        return cursor

    @api.model
    def _companies(self):
        """The companies the housing jobs work for (with a chart of accounts), less those whose work goes through
        another path (the job queue glue)."""
        return self.env["res.company"].search(
            [("chart_template", "!=", False), ("id", "not in", self.env.context.get("housing_skip_companies", []))]
        )

    # ------------------------------------------------------------------ time budget
    @api.model
    def _time_budget(self):
        """Seconds one run of a batched job may take, or None outside a cron worker's progress loop (a job started
        by hand or by a test runs to the end in one transaction)."""
        if self.env.context.get("housing_batch_budget"):
            return float(self.env.context["housing_batch_budget"])
        # a job started by hand (Odoo's "Run manually" also goes through the progress API) in the test runner runs to
        # the end; the tests of the batches ask for a budget
        if not self.env.context.get("ir_cron_progress_id") or config.get("test_enable"):
            return None
        limit = config.get("limit_time_real_cron") or -1
        if limit <= 0:
            limit = config.get("limit_time_real") or 120
        if limit <= 0:
            limit = 120
        return max(limit / (RUNS_PER_ROUND * JOBS_PER_ROUND), 0.05)

    @api.model
    def _deadline(self):
        """When this run must stop: after its own budget, and before the job's share of the worker's round is spent
        (see `_round_spent`)."""
        budget = self._time_budget()
        if budget is None:
            return None
        now = time.monotonic()
        start = getattr(self.env.cr, "_housing_round_start", None)
        if start is None or not self.env.context.get("ir_cron_progress_id"):
            return now + budget
        return min(now + budget, start + budget * RUNS_PER_ROUND)

    @api.model
    def _round_spent(self):
        """Whether the job's share of the worker's round was spent by the runs before this one. Odoo runs a job up
        to 10 times in a row inside one round, and the limit counts the whole round: a run whose smallest chunk
        costs more than its budget (a cold worker, a loaded machine) would otherwise take 10 times its budget. The
        runs of one round share the cursor that `_run_job` opens for them, which keeps the start of the round; the
        first run of a round always does a chunk. A run that finds the share spent does nothing and tells Odoo that
        work remains (some done, or Odoo would take it for a job without progress and stop it): the next round goes
        on."""
        budget = self._time_budget()
        if budget is None or not self.env.context.get("ir_cron_progress_id"):
            return False
        cr, now = self.env.cr, time.monotonic()
        start = getattr(cr, "_housing_round_start", None)
        if start is None:
            cr._housing_round_start = now
            return False
        if now < start + budget * RUNS_PER_ROUND:
            return False
        self._notify(1, 1)
        return True

    @api.model
    def _out_of_time(self, deadline):
        return deadline is not None and time.monotonic() >= deadline

    @api.model
    def _next_size(self, deadline, started, count, minimum, maximum):
        """How many units the next chunk may take to end near the deadline, from the pace of the last chunk."""
        if deadline is None:
            return maximum
        if not count:
            return minimum
        pace = max(time.monotonic() - started, 1e-6) / count
        return int(min(max((deadline - time.monotonic()) / pace, minimum), maximum))

    @api.model
    def _notify(self, done, remaining):
        """Tell Odoo's cron what was done and what remains: it commits and runs the job again at once while work
        remains. A run always does some work before it says so (Odoo takes `done=0` for a job that does not report
        its progress, and stops it)."""
        self.env["ir.cron"]._notify_progress(done=max(done, 0), remaining=max(remaining, 0))

    # ------------------------------------------------------------------ the pass over the companies
    @api.model
    def _run_pass(self, job, day, companies, step, remaining, minimum=50, maximum=5000):
        """Run a pass of `job` over the companies, in chunks of records taken in id order, until the time budget of
        the run is spent. `step(company, after_id, size)` does the next chunk of at most `size` records after
        `after_id` and returns (last id done, number done), (0, 0) when nothing is left; `remaining(company,
        after_id)` counts what is left. Returns True when the pass is over."""
        if self._round_spent():
            return False
        deadline = self._deadline()
        cursor = self._get(job, day)
        companies = companies.sorted("id")
        if cursor.company_id:
            companies = companies.filtered(lambda company: company.id >= cursor.company_id.id)
        minimum = self.env.context.get("housing_batch_minimum") or minimum
        done, size = 0, minimum if deadline is not None else maximum
        for index, company in enumerate(companies):
            after = cursor.last_id if cursor.company_id == company else 0
            if cursor.company_id != company:
                cursor.write({"company_id": company.id, "last_id": 0})
            while True:
                started = time.monotonic()
                last, count = step(company, after, size)
                if not count:
                    break
                done += count
                after = last
                cursor.last_id = after
                if self._out_of_time(deadline):
                    left = remaining(company, after) + (1 if index + 1 < len(companies) else 0)
                    if left:
                        self._notify(done, left)
                        return False
                size = self._next_size(deadline, started, count, minimum, maximum)
        cursor.write({"company_id": False, "last_id": 0})
        self._notify(done, 0)
        return True
