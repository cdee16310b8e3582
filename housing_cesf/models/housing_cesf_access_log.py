from datetime import timedelta

from odoo import api, fields, models
from odoo.osv import expression


class HousingCesfAccessLog(models.Model):
    """Who opened which social follow-up, and when: one row each time a user opens the form of a follow-up (the
    web client reads the record alone, `web_read`) or reads one follow-up with content fields over JSON-RPC
    (`read`). Not the kanban and list views, nor the form reloaded after a save. Readable by the CESF managers only,
    written by the follow-up itself, changed by nobody; kept `housing_cesf_access_log_days` days."""

    _name = "housing.cesf.access.log"
    _description = "Social Follow-up Access Log"
    _order = "date desc, id desc"
    _log_access = False
    # the log says who follows which household: it is itself confidential (see tests/test_confidentiality.py)
    _housing_confidential = True

    date = fields.Datetime(required=True, readonly=True, index=True, default=fields.Datetime.now)
    user_id = fields.Many2one("res.users", required=True, readonly=True, index=True, ondelete="restrict")
    followup_id = fields.Many2one(
        "housing.cesf.followup", string="Social Follow-up", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    partner_id = fields.Many2one(related="followup_id.partner_id", string="Household")
    with_content = fields.Boolean(
        string="Content Shown", readonly=True, help="The user may read the content of the follow-up (CESF)."
    )
    route = fields.Selection(
        [("form", "Form opened"), ("rpc", "Read over JSON-RPC")], required=True, readonly=True, default="form"
    )

    @api.model
    def _log_opening(self, followup, route="form"):
        """One row for this opening; sudo: nobody may create a row of the log, the follow-up writes it."""
        followup.ensure_one()
        user = self.env.user
        self.sudo().create(
            {
                "user_id": user.id,
                "followup_id": followup.id,
                "company_id": followup.sudo().company_id.id,
                "with_content": user.has_group("housing_cesf.group_cesf"),
                "route": route,
            }
        )

    @api.model
    def _get_purge_domain(self):
        now = fields.Datetime.now()
        return expression.OR(
            [
                [
                    ("company_id", "=", company.id),
                    ("date", "<", now - timedelta(days=company.housing_cesf_access_log_days)),
                ]
                for company in self.env["res.company"].search([])
            ]
        )

    @api.model
    def _cron_purge(self, limit=5000):
        """Delete the rows older than their company's delay, a batch per run; the scheduler reruns it at once while
        some remain (idempotent: a killed run leaves rows that the next one deletes)."""
        domain = self._get_purge_domain()
        old = self.sudo().search(domain, limit=limit)
        done = len(old)
        old.unlink()
        remaining = self.sudo().search_count(domain) if done == limit else 0
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
