"""The tenant's account: one receivable ledger per lease, the one place that reads the accounting for arrears.

Every arrears rule (case debt, opening threshold, plans, over-indebtedness, write-off, deposit, doubtful debts,
partner balance, the insertion debt report) asks this model. It reads Odoo's posted receivable lines and never
keeps a ledger of its own.

The ledger of a lease at a date is made of *items*, each dated:

- the receivable lines that carry the lease (``housing_lease_id``): rent notices, manual invoices and credit notes
  for the lease, payments registered for it (even when not lettered), deposit and write-off entries;
- the part of a line without that lease which is lettered with one of its lines (a bank payment lettered with a
  rent notice, say): the lettering says whose debt it pays.

It does not depend on *how* the lines are lettered: a payment of 500 on a notice of 450 lowers the debt by 500,
whichever notices the bank rule lettered. Payments are imputed on the oldest debts first (Code civil, art. 1342-10)
for the age of the debt.

A repayment plan moves each instalment off the old debt onto the month's notice (an entry through a transit
account). The ledger sees through that move: the instalment lines of the notices and the plan entries are left out,
so the old debt keeps its age and its due date (frozen debt of an over-indebtedness file, doubtful debts), and the
total is unchanged.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date as Date

from odoo import Command, _, api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# origins of the ledger items
ORIGINS = [
    ("rent", "Rent notice"),
    ("invoice", "Invoice"),
    ("refund", "Credit note"),
    ("payment", "Payment"),
    ("deposit", "Security deposit"),
    ("write_off", "Write-off"),
    ("departure", "Departure credit"),
    ("opening", "Opening balance"),
    ("other", "Other entry"),
]


@dataclass
class LedgerItem:
    """One dated amount of the tenant's account: a debit (> 0) or a credit (< 0)."""

    date: Date
    maturity: Date
    amount: float
    origin: str
    move_id: int
    line_id: int


@dataclass
class Position:
    """The tenant's account of a lease at a date, with what every arrears rule asks of it."""

    lease_id: int
    on_date: Date
    items: list = field(default_factory=list)

    @property
    def debits(self):
        return [item for item in self.items if item.amount > 0]

    @property
    def credits(self):
        return [item for item in self.items if item.amount < 0]

    @property
    def paid(self):
        """Everything credited to the account (payments, credit notes, aid, deposit, write-off), as a positive sum."""
        return -sum(item.amount for item in self.credits)

    @property
    def balance(self):
        """What the tenant owes on the lease (negative: the tenant is in credit), due or not yet due."""
        return sum(item.amount for item in self.items)

    def due_before(self, limit, strict=False):
        """What is owed of the debits due on `limit` (before it when `strict`), every credit imputed on them first."""
        due = sum(item.amount for item in self.debits if (item.maturity < limit if strict else item.maturity <= limit))
        return max(due - self.paid, 0.0)

    @property
    def due(self):
        """The debt due at the date of the position."""
        return self.due_before(self.on_date)

    def aged(self):
        """[(item, open amount)] of the debits still unpaid, oldest first: the credits paid the oldest debits."""
        left = self.paid
        result = []
        for item in sorted(self.debits, key=lambda item: (item.maturity, item.line_id)):
            if left >= item.amount:
                left -= item.amount
                continue
            result.append((item, item.amount - left))
            left = 0.0
        return result

    @property
    def oldest_due_date(self):
        """Due date of the oldest debit that is due and still unpaid."""
        due = [item.maturity for item, _amount in self.aged() if item.maturity <= self.on_date]
        return due[0] if due else False

    @property
    def last_payment_date(self):
        """Date of the last real payment: not a plan entry, a deposit, a write-off or a credit note."""
        dates = [item.date for item in self.credits if item.origin == "payment"]
        return max(dates) if dates else False

    def paid_between(self, date_from, date_to):
        """Real payments and every other credit dated within [date_from, date_to]."""
        return -sum(item.amount for item in self.credits if date_from <= item.date <= date_to)


class HousingLedger(models.AbstractModel):
    _name = "housing.ledger"
    _description = "Tenant Receivable Ledger"

    # ------------------------------------------------------------------ SQL
    @api.model
    def _origin_sql(self, move, journal):
        """SQL of the origin of a ledger item from its journal entry."""
        return SQL(
            """CASE
                 WHEN %(move)s.housing_move_kind IS NOT NULL THEN %(move)s.housing_move_kind
                 WHEN %(move)s.move_type = 'out_invoice' AND %(move)s.housing_rent_call_id IS NOT NULL THEN 'rent'
                 WHEN %(move)s.move_type IN ('out_invoice', 'out_receipt') THEN 'invoice'
                 WHEN %(move)s.move_type = 'out_refund' THEN 'refund'
                 WHEN %(move)s.origin_payment_id IS NOT NULL OR %(move)s.statement_line_id IS NOT NULL
                      OR %(journal)s.type IN ('bank', 'cash') THEN 'payment'
                 ELSE 'other'
               END""",
            move=SQL.identifier(move),
            journal=SQL.identifier(journal),
        )

    @api.model
    def _items_sql(self, lease_condition, on_date, see_through=True):
        """SQL of the ledger items, columns (lease_id, line_id, move_id, date, maturity, amount, origin).

        `lease_condition(alias)` gives the SQL condition on the lease column of a line alias (``{alias}.id`` is the
        line); `on_date` is a date or an SQL expression. Items dated after `on_date` are left out. `see_through`:
        the plan entries and the instalment lines of the notices left out (the old debt keeps its due date); without
        it, the movements as the tenant's documents show them (the statement of account)."""

        def receivable(alias):
            return SQL(
                "%(line)s.parent_state = 'posted' AND %(line)s.account_id IN "
                "(SELECT id FROM account_account WHERE account_type = 'asset_receivable')",
                line=SQL.identifier(alias),
            )

        return SQL(
            """
            SELECT l.housing_lease_id AS lease_id, l.id AS line_id, l.move_id, l.date,
                   COALESCE(l.date_maturity, l.date) AS maturity,
                   l.balance + %(instalment)s AS amount,
                   %(origin_l)s AS origin
              FROM account_move_line l
              JOIN account_move m ON m.id = l.move_id
              JOIN account_journal j ON j.id = m.journal_id
             WHERE %(receivable_l)s AND %(cond_l)s AND l.date <= %(on_date)s AND %(not_plan)s
            UNION ALL
            -- lettered with a credit of no lease (or of another lease): that part pays this lease
            SELECT d.housing_lease_id, c.id, c.move_id, c.date, COALESCE(c.date_maturity, c.date), -p.amount,
                   %(origin_c)s
              FROM account_partial_reconcile p
              JOIN account_move_line d ON d.id = p.debit_move_id
              JOIN account_move_line c ON c.id = p.credit_move_id
              JOIN account_move m ON m.id = c.move_id
              JOIN account_journal j ON j.id = m.journal_id
             WHERE %(receivable_d)s AND %(cond_d)s AND %(receivable_c)s AND c.date <= %(on_date)s
               AND c.housing_lease_id IS DISTINCT FROM d.housing_lease_id AND %(not_plan)s
            UNION ALL
            -- a credit of this lease lettered with a debit of no lease (or of another lease)
            SELECT c.housing_lease_id, d.id, d.move_id, d.date, COALESCE(d.date_maturity, d.date), p.amount,
                   %(origin_d)s
              FROM account_partial_reconcile p
              JOIN account_move_line d ON d.id = p.debit_move_id
              JOIN account_move_line c ON c.id = p.credit_move_id
              JOIN account_move m ON m.id = d.move_id
              JOIN account_journal j ON j.id = m.journal_id
             WHERE %(receivable_c)s AND %(cond_c)s AND %(receivable_d)s AND d.date <= %(on_date)s
               AND d.housing_lease_id IS DISTINCT FROM c.housing_lease_id AND %(not_plan)s
            """,
            receivable_l=receivable("l"),
            receivable_d=receivable("d"),
            receivable_c=receivable("c"),
            cond_l=lease_condition("l"),
            cond_d=lease_condition("d"),
            cond_c=lease_condition("c"),
            on_date=on_date,
            origin_l=self._origin_sql("m", "j"),
            origin_c=self._origin_sql("m", "j"),
            origin_d=self._origin_sql("m", "j"),
            instalment=SQL(
                "COALESCE((SELECT SUM(i.balance) FROM account_move_line i WHERE i.move_id = l.move_id "
                "AND i.housing_instalment), 0)"
            )
            if see_through
            else SQL("0"),
            not_plan=SQL("m.housing_move_kind IS DISTINCT FROM 'plan'") if see_through else SQL("TRUE"),
        )

    @api.model
    def _due_debt_sql(self, lease_id, on_date):
        """SQL of the debt due on a date of one lease (`lease_id` and `on_date`: SQL expressions), for the SQL
        views that need it (one row of the view, one value)."""
        items = self._items_sql(lambda alias: SQL("%s.housing_lease_id = %s", SQL.identifier(alias), lease_id), on_date)
        return SQL(
            """SELECT GREATEST(
                        COALESCE(SUM(items.amount) FILTER (WHERE items.amount > 0 AND items.maturity <= %(on_date)s), 0)
                        + COALESCE(SUM(items.amount) FILTER (WHERE items.amount < 0), 0),
                        0) AS amount
                 FROM (%(items)s) items""",
            items=items,
            on_date=on_date,
        )

    # ------------------------------------------------------------------ positions
    def _flush(self):
        for model in ("account.move.line", "account.move", "account.partial.reconcile"):
            self.env[model].flush_model()

    @api.model
    def _get_positions(self, leases, on_date):
        """{lease: Position} of the given leases at `on_date`, in one query whatever their number."""
        if not leases:
            return {}
        self._flush()
        query = self._items_sql(
            lambda alias: SQL("%s.housing_lease_id = ANY(%s)", SQL.identifier(alias), list(leases.ids)), on_date
        )
        self.env.cr.execute(query)
        positions = {lease.id: Position(lease.id, on_date) for lease in leases}
        for lease_id, line_id, move_id, day, maturity, amount, origin in self.env.cr.fetchall():
            if amount:
                positions[lease_id].items.append(LedgerItem(day, maturity, amount, origin, move_id, line_id))
        return {lease: positions[lease.id] for lease in leases}

    @api.model
    def _get_movements(self, lease, date_from, date_to):
        """(opening balance, [LedgerItem]) of the statement of account of a lease: the balance the day before
        `date_from`, and the movements dated from `date_from` to `date_to` as the tenant's documents show them
        (a notice with its plan instalment, the entry that moved the instalment off the old debt), date order."""
        self._flush()
        query = self._items_sql(
            lambda alias: SQL("%s.housing_lease_id = %s", SQL.identifier(alias), lease.id), date_to, see_through=False
        )
        self.env.cr.execute(query)
        opening, movements = 0.0, []
        for _lease, line_id, move_id, day, maturity, amount, origin in self.env.cr.fetchall():
            if day < date_from:
                opening += amount
            elif amount:
                movements.append(LedgerItem(day, maturity, amount, origin, move_id, line_id))
        movements.sort(key=lambda item: (item.date, item.amount < 0, item.line_id))
        return opening, movements

    @api.model
    def _get_leases_with_balance(self, company, on_date):
        """The leases of the company whose account is not settled at `on_date` (a debt or a credit)."""
        query = self._items_sql(lambda alias: SQL("%s.company_id = %s", SQL.identifier(alias), company.id), on_date)
        self._flush()
        self.env.cr.execute(
            SQL(
                "SELECT items.lease_id FROM (%s) items WHERE items.lease_id IS NOT NULL "
                "GROUP BY items.lease_id HAVING ROUND(SUM(items.amount), 2) != 0",
                query,
            )
        )
        return self.env["housing.lease"].browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _open_items_leases_sql(self, company, after_id=0):
        """SQL of the leases of the company with an open receivable line today, after `after_id`: only their
        accounts can be unsettled today (a lease whose lines are all lettered owes nothing), so the nightly job
        reads only those."""
        return SQL(
            """SELECT DISTINCT housing_lease_id AS lease_id FROM account_move_line
                WHERE company_id = %s AND housing_lease_id > %s AND reconciled IS NOT TRUE
                  AND parent_state = 'posted' AND amount_residual != 0
                  AND account_id IN (SELECT id FROM account_account WHERE account_type = 'asset_receivable')""",
            company.id,
            after_id,
        )

    @api.model
    def _get_leases_with_open_items(self, company):
        self._flush()
        self.env.cr.execute(self._open_items_leases_sql(company))
        return self.env["housing.lease"].browse([row[0] for row in self.env.cr.fetchall()])

    # ------------------------------------------------------------------ open lines (for lettering only)
    @api.model
    def _get_open_debit_lines(self, leases, max_maturity=None):
        """Open receivable debit lines of the leases, oldest first: what a credit of the lease is lettered with."""
        domain = [
            ("housing_lease_id", "in", leases.ids),
            ("account_type", "=", "asset_receivable"),
            ("parent_state", "=", "posted"),
            ("reconciled", "=", False),
            ("amount_residual", ">", 0),
            ("move_id.housing_move_kind", "!=", "plan"),
        ]
        if max_maturity:
            domain.append(("date_maturity", "<=", max_maturity))
        return self.env["account.move.line"].sudo().search(domain, order="date_maturity, id")

    # ------------------------------------------------------------------ entries against the receivable
    @api.model
    def _receivable_account(self, lease):
        partner = lease.partner_id.commercial_partner_id.with_company(lease.company_id)
        account = partner.property_account_receivable_id
        if not account:
            raise UserError(
                _("The tenant %(tenant)s has no receivable account in the accounting.", tenant=partner.name)
            )
        return account

    @api.model
    def _post_entry(self, company, kind, day, ref, rows, journal=None, extra_vals=None):
        """Post one journal entry against the tenants' receivable, and return it.

        `rows`: dicts with `lease`, `amount` (credited to the tenant's account when positive, debited when
        negative), `account` (the counterpart), `label`, and optionally `maturity`. Each row makes two lines: the
        receivable line carries the lease and the tenant's commercial partner."""
        journal = journal or company._housing_rent_journal()
        currency = company.currency_id
        lines = []
        for row in rows:
            lease, amount = row["lease"], currency.round(row["amount"])
            if currency.is_zero(amount):
                continue
            partner = lease.partner_id.commercial_partner_id
            lines += [
                Command.create(
                    {
                        "account_id": self._receivable_account(lease).id,
                        "partner_id": partner.id,
                        "name": row["label"],
                        "debit": max(-amount, 0.0),
                        "credit": max(amount, 0.0),
                        "housing_lease_id": lease.id,
                        "date_maturity": row.get("maturity") or day,
                    }
                ),
                Command.create(
                    {
                        "account_id": row["account"].id,
                        "partner_id": partner.id,
                        "name": row["label"],
                        "debit": max(amount, 0.0),
                        "credit": max(-amount, 0.0),
                    }
                ),
            ]
        if not lines:
            return self.env["account.move"]
        move = (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "company_id": company.id,
                    "date": day,
                    "ref": ref,
                    "housing_move_kind": kind,
                    "line_ids": lines,
                    **(extra_vals or {}),
                }
            )
        )
        move.action_post()
        return move.with_env(self.env)

    @api.model
    def _letter_with_oldest(self, move, max_maturity=None):
        """Letter the receivable credits of `move` with the oldest open debits of their leases (only the lettering:
        the ledger does not depend on it)."""
        credits = move.line_ids.filtered(lambda line: line.account_type == "asset_receivable" and line.credit)
        by_lease = defaultdict(lambda: self.env["account.move.line"])
        for line in credits:
            by_lease[line.housing_lease_id] |= line
        debits = self._get_open_debit_lines(credits.housing_lease_id, max_maturity)
        plan = []
        for lease, lease_credits in by_lease.items():
            lease_debits = debits.filtered(lambda line, lease=lease: line.housing_lease_id == lease)
            lease_debits = lease_debits.filtered(lambda line, acc=lease_credits.account_id: line.account_id == acc)
            if lease_debits:
                plan.append(lease_credits | lease_debits)
        if plan:
            self.env["account.move.line"].sudo()._reconcile_plan(plan)
