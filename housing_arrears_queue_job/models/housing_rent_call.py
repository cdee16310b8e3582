from odoo import _, api, fields, models

from odoo.addons.queue_job.delay import group
from odoo.addons.queue_job.job import identity_exact

# leases billed per job
CHUNK = 200


class HousingRentCall(models.Model):
    _inherit = "housing.rent.call"

    def _has_pending_jobs(self):
        self.ensure_one()
        return bool(
            self.env["queue.job"]
            .sudo()
            .search_count(
                [
                    ("model_name", "=", self._name),
                    ("method_name", "in", ("_job_bill_leases", "_job_bill_payers")),
                    ("state", "in", ("wait_dependencies", "pending", "enqueued", "started")),
                    ("records", "like", f'"ids": [{self.id}]'),
                ],
                limit=1,
            )
        )

    def _enqueue(self):
        """Split the call into jobs: per agency, chunks of leases to bill, run in parallel by the job runner; once
        all are done, one job bills the benefit payers and closes the call. A call whose jobs are still pending is
        left alone; a job that fails is retried, and a lease is never billed twice (each job locks its leases and
        bills only those not billed yet)."""
        for call in self:
            if call._has_pending_jobs():
                continue
            leases = call._get_leases_to_bill()
            if not leases and not call._get_benefit_to_bill():
                continue
            if call.state == "draft":
                call.state = "running"
            billing = []
            for agency, agency_leases in leases._housing_group_by_agency():
                for start in range(0, len(agency_leases), CHUNK):
                    chunk = agency_leases[start : start + CHUNK]
                    billing.append(
                        call.delayable(
                            description=_(
                                "%(call)s: %(agency)s, leases %(first)s to %(last)s",
                                call=call.name,
                                agency=agency.name or "",
                                first=chunk[:1].name,
                                last=chunk[-1:].name,
                            ),
                            identity_key=identity_exact,
                        )._job_bill_leases(chunk.ids)
                    )
            payers = call.delayable(
                description=_("%(call)s: benefit payers", call=call.name), identity_key=identity_exact
            )._job_bill_payers()
            if billing:
                group(*billing).on_done(payers).delay()
            else:
                payers.delay()

    def _job_bill_leases(self, lease_ids):
        """Job: bill these leases of the call, those not billed yet."""
        self.ensure_one()
        leases = self.env["housing.lease"].browse(lease_ids).exists()
        moves = self._create_invoices(leases)
        return _("%(count)s invoices issued.", count=len(moves))

    def _job_bill_payers(self):
        """Job: once the tenants are billed, the benefit payers; leases left (a chunk that failed) get new jobs."""
        self.ensure_one()
        if self._get_leases_to_bill():
            self._enqueue()
            return _("Leases left to bill: new jobs enqueued.")
        self._run_step(limit=0)
        return _("Benefit payers billed, rent call done.")

    def action_start(self):
        if not all(call.company_id.housing_use_job_queue for call in self):
            return super().action_start()
        for call in self:
            if call._has_pending_jobs():
                continue
            call.write({"state": "running", "user_id": self.env.uid})
        self._enqueue()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": _("The rent call runs in the job queue: its invoices appear as the jobs are done."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _cron_run_rent_calls(self):
        """With the job queue: the calls to run are split into jobs; the other companies keep the batches."""
        queued = self.env["res.company"]._housing_job_queue_companies()
        today = fields.Date.context_today(self)
        for company in queued:
            calls = self._get_calls_to_run(company, today).with_company(company)
            calls.filtered(lambda call: call._has_work())._enqueue()
        if queued:
            return super(HousingRentCall, self.with_context(housing_skip_companies=queued.ids))._cron_run_rent_calls()
        return super()._cron_run_rent_calls()
