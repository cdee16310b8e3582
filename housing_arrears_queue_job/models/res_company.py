from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    housing_use_job_queue = fields.Boolean(
        string="Run the Housing Jobs in the Job Queue",
        help="The rent call and the nightly jobs (the arrears detection; the reminders, with the letters addon) are "
        "split into jobs (per agency and chunk of leases) "
        "that the job runner of OCA queue_job spreads over the workers and servers. Tick it once the job runner "
        "runs (server-wide module queue_job, see the README); otherwise the scheduled actions do the work in "
        "batches themselves.",
    )

    @api.model
    def _housing_job_queue_companies(self):
        """The companies whose rent call and nightly jobs run in the job queue."""
        return self.search([("chart_template", "!=", False), ("housing_use_job_queue", "=", True)])
