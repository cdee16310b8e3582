"""18.0.1.1.0: the notification of an order to vacate to the préfet is a date, no longer a checkbox. The orders already
ticked as notified are taken as notified on the day they were served."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("ALTER TABLE housing_legal_step ADD COLUMN IF NOT EXISTS prefect_notice_date date")
    cr.execute(
        """
        UPDATE housing_legal_step
           SET prefect_notice_date = date
         WHERE step_type = 'order_to_vacate' AND prefect_notified AND prefect_notice_date IS NULL
        """
    )
