"""18.0.1.1.0:

- the tenant's account (ledger) tells the suite's own entries and the instalment lines apart;
- the deadlines follow the rule "possible from the day after the delay's last day" and are computed again. The
  reminders of a step are now activities linked to it: those scheduled before had no link, so the current
  reminders of the steps recorded before are taken as scheduled, and not scheduled twice."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    # repayment plan instalments billed with the rent: the lines of the notices, and the entries that moved them
    cr.execute("UPDATE account_move_line SET housing_instalment = TRUE WHERE housing_plan_line_id IS NOT NULL")
    cr.execute(
        """UPDATE account_move SET housing_move_kind = 'plan'
            WHERE move_type = 'entry' AND housing_rent_call_id IS NOT NULL AND housing_move_kind IS NULL"""
    )
    cr.execute(
        """UPDATE account_move m SET housing_move_kind = 'deposit'
             FROM housing_lease l WHERE l.deposit_move_id = m.id AND m.housing_move_kind IS NULL"""
    )
    cr.execute(
        """UPDATE account_move m SET housing_move_kind = 'write_off'
             FROM housing_write_off w WHERE w.move_id = m.id AND m.housing_move_kind IS NULL"""
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    steps = env["housing.legal.step"].search([("state", "!=", "cancelled")])
    steps.modified(["date"])
    steps.flush_recordset()
    for step in steps.filtered(lambda s: not s.reminder_memory):
        step.reminder_memory = {key: day.isoformat() for key, (day, _summary, _note) in step._get_reminders().items()}
