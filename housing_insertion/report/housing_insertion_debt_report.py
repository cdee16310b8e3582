from odoo import fields, models
from odoo.tools import SQL

from ..models.housing_insertion_hire import CONTRACT_KINDS


class HousingInsertionDebtReport(models.Model):
    """For each hire of a referred tenant: the household's rent debt when the hire started and today.

    Both come from the tenant's account (the ledger of `housing_arrears`), as the arrears case's debt does: the
    debt due on the date, every payment made by then imputed on it. The query is built when it runs, so that
    "today" is the user's today."""

    _name = "housing.insertion.debt.report"
    _description = "Debt Before and After the Hire"
    _auto = False
    _order = "date_start desc"
    _rec_name = "hire_id"
    _depends = {
        "housing.insertion.hire": [
            "candidate_id",
            "partner_id",
            "lease_id",
            "agency_id",
            "company_id",
            "employer_id",
            "contract_kind",
            "date_start",
        ],
        "account.move.line": [
            "balance",
            "housing_lease_id",
            "housing_instalment",
            "company_id",
            "parent_state",
            "account_type",
            "date",
            "date_maturity",
        ],
        "account.move": ["housing_move_kind", "move_type", "housing_rent_call_id", "origin_payment_id"],
        "account.partial.reconcile": ["amount", "debit_move_id", "credit_move_id", "max_date"],
        "res.company": ["currency_id"],
    }

    hire_id = fields.Many2one("housing.insertion.hire", readonly=True)
    candidate_id = fields.Many2one("housing.insertion.candidate", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Person", readonly=True)
    lease_id = fields.Many2one("housing.lease", readonly=True)
    agency_id = fields.Many2one("housing.agency", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    employer_id = fields.Many2one("res.partner", readonly=True)
    contract_kind = fields.Selection(CONTRACT_KINDS, readonly=True)
    date_start = fields.Date(string="Hired On", readonly=True)
    debt_before = fields.Monetary(string="Debt at the Hire", readonly=True)
    debt_now = fields.Monetary(string="Debt Today", readonly=True)
    debt_change = fields.Monetary(
        string="Change", readonly=True, help="Debt today less the debt at the hire: negative when it went down."
    )

    def _debt_on(self, on_date):
        """SQL of the lease's debt due on a date (a column of the hire row `hire`), from the tenant's account."""
        return self.env["housing.ledger"]._due_debt_sql(SQL("hire.lease_id"), on_date)

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        return SQL(
            """
            SELECT hire.id,
                   hire.id AS hire_id,
                   hire.candidate_id,
                   hire.partner_id,
                   hire.lease_id,
                   hire.agency_id,
                   hire.company_id,
                   company.currency_id,
                   hire.employer_id,
                   hire.contract_kind,
                   hire.date_start,
                   debt_before.amount AS debt_before,
                   debt_now.amount AS debt_now,
                   debt_now.amount - debt_before.amount AS debt_change
              FROM housing_insertion_hire hire
              JOIN res_company company ON company.id = hire.company_id
              CROSS JOIN LATERAL (%(before)s) debt_before
              CROSS JOIN LATERAL (%(now)s) debt_now
             WHERE hire.lease_id IS NOT NULL
            """,
            before=self._debt_on(SQL("hire.date_start")),
            now=self._debt_on(today),
        )
