"""18.0.1.1.0: the tenant's account (ledger) tells the suite's own entries and the instalment lines apart."""


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
