from odoo import _, api, fields, models

from odoo.addons.queue_job.job import identity_exact

# leases read per detection job
CHUNK = 1000


class HousingArrearsCase(models.Model):
    _inherit = "housing.arrears.case"

    @api.model
    def _cron_detect_arrears(self):
        """With the job queue: one job per agency and chunk of leases, run in parallel; the companies without the
        job queue keep the batches of the scheduled action."""
        today = fields.Date.context_today(self)
        queued = self.env["res.company"]._housing_job_queue_companies()
        for company in queued:
            self._enqueue_detection(company, today)
        return super(HousingArrearsCase, self.with_context(housing_skip_companies=queued.ids))._cron_detect_arrears()

    @api.model
    def _enqueue_per_agency(self, company, today, chunk_size, description, method):
        """One job `method(company_id, day, lease_ids)` per agency and chunk of `chunk_size` of the leases a nightly
        job reads, named `description(agency, count)`; the same night and leases are enqueued once, however often
        the scheduled action runs."""
        leases = self.env["housing.lease"].sudo().browse(self.sudo()._get_detection_lease_ids(company, 0))
        day = fields.Date.to_string(today)
        for agency, agency_leases in leases._housing_group_by_agency():
            for start in range(0, len(agency_leases), chunk_size):
                chunk = agency_leases[start : start + chunk_size]
                delayable = self.delayable(description=description(agency, len(chunk)), identity_key=identity_exact)
                getattr(delayable, method)(company.id, day, chunk.ids).delay()

    @api.model
    def _enqueue_detection(self, company, today):
        self._enqueue_per_agency(
            company,
            today,
            CHUNK,
            lambda agency, count: _(
                "Arrears detection of %(date)s: %(agency)s, %(count)s leases",
                date=fields.Date.to_string(today),
                agency=agency.name,
                count=count,
            ),
            "_job_detect_leases",
        )

    @api.model
    def _job_detect_leases(self, company_id, day, lease_ids):
        """Job: the nightly detection on these leases of one agency."""
        company = self.env["res.company"].browse(company_id)
        leases = self.env["housing.lease"].browse(lease_ids).exists()
        cases = self.with_company(company).sudo()._detect_arrears(company, fields.Date.to_date(day), leases)
        return _("%(count)s leases read, %(new)s cases opened.", count=len(leases), new=len(cases))
