"""18.0.1.1.0: the deadlines follow the rule "possible from the day after the delay's last day" and are computed
again. The reminders of a step are now activities linked to it: those scheduled before had no link, so the current
reminders of the steps recorded before are taken as scheduled, and not scheduled twice."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    steps = env["housing.legal.step"].search([("state", "!=", "cancelled")])
    steps.modified(["date"])
    steps.flush_recordset()
    for step in steps.filtered(lambda s: not s.reminder_memory):
        step.reminder_memory = {key: day.isoformat() for key, (day, _summary, _note) in step._get_reminders().items()}
