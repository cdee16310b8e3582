from odoo import _, api, fields, models

# leases read per reminder job (each job renders the letters of its reminders in one document)
CHUNK = 500


class HousingArrearsCase(models.Model):
    _inherit = "housing.arrears.case"

    @api.model
    def _cron_send_reminders(self):
        """With the job queue: the reminder scenario of the night as one job per agency and chunk of leases, run in
        parallel (each renders and files its letters); the companies without the job queue keep the batches of the
        scheduled action."""
        today = fields.Date.context_today(self)
        queued = self.env["res.company"]._housing_job_queue_companies()
        for company in queued:
            self._enqueue_reminders(company, today)
        return super(HousingArrearsCase, self.with_context(housing_skip_companies=queued.ids))._cron_send_reminders()

    @api.model
    def _enqueue_reminders(self, company, today):
        self._enqueue_per_agency(
            company,
            today,
            CHUNK,
            lambda agency, count: _(
                "Reminders of %(date)s: %(agency)s, %(count)s leases",
                date=fields.Date.to_string(today),
                agency=agency.name or _("no agency"),
                count=count,
            ),
            "_job_send_reminders",
        )

    @api.model
    def _job_send_reminders(self, company_id, day, lease_ids):
        """Job: the reminder scenario of one night on these leases of one agency."""
        company = self.env["res.company"].browse(company_id)
        leases = self.env["housing.lease"].browse(lease_ids).exists()
        sent = self.with_company(company).sudo()._send_reminders(company, fields.Date.to_date(day), leases)
        return _(
            "%(count)s leases read, %(sent)s reminders sent.",
            count=len(leases),
            sent=sum(len(cases) for cases in sent.values()),
        )
