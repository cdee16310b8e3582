from odoo import fields, models
from odoo.tools import SQL

from ..models.housing_insertion_hire import CONTRACT_KINDS
from ..models.res_partner import INSERTION_STRUCTURE_KINDS


class HousingInsertionHoursReport(models.Model):
    """Insertion hours per month, order, supplier, employer and residence. No person in it: the purchase users
    read it as well as the insertion officers."""

    _name = "housing.insertion.hours.report"
    _description = "Insertion Hours Analysis"
    _auto = False
    _order = "month desc"
    _rec_name = "month"
    _depends = {
        "housing.insertion.hours": ["month", "hours", "has_document", "clause_id", "hire_id", "company_id"],
        "housing.insertion.hire": ["employer_id", "contract_kind"],
        "housing.insertion.clause": ["order_id", "partner_id", "user_id", "facilitator_id"],
        "purchase.order": ["housing_residence_id", "housing_unit_id"],
        "res.partner": ["insertion_structure_kind", "commercial_partner_id"],
    }

    month = fields.Date(readonly=True)
    hours = fields.Float(readonly=True, digits=(10, 2))
    has_document = fields.Boolean(string="Proof Attached", readonly=True)
    clause_id = fields.Many2one("housing.insertion.clause", string="Insertion Clause", readonly=True)
    order_id = fields.Many2one("purchase.order", string="Purchase Order", readonly=True)
    supplier_id = fields.Many2one("res.partner", readonly=True)
    user_id = fields.Many2one("res.users", string="Procurement Officer", readonly=True)
    facilitator_id = fields.Many2one("res.partner", readonly=True)
    employer_id = fields.Many2one("res.partner", readonly=True)
    employer_kind = fields.Selection(INSERTION_STRUCTURE_KINDS, string="Insertion Structure", readonly=True)
    contract_kind = fields.Selection(CONTRACT_KINDS, readonly=True)
    residence_id = fields.Many2one("housing.residence", readonly=True)
    unit_id = fields.Many2one("housing.unit", string="Dwelling", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT line.id,
                   line.month,
                   line.hours,
                   line.has_document,
                   line.clause_id,
                   clause.order_id,
                   clause.partner_id AS supplier_id,
                   clause.user_id,
                   clause.facilitator_id,
                   hire.employer_id,
                   employer.insertion_structure_kind AS employer_kind,
                   hire.contract_kind,
                   po.housing_residence_id AS residence_id,
                   po.housing_unit_id AS unit_id,
                   line.company_id
              FROM housing_insertion_hours line
              JOIN housing_insertion_hire hire ON hire.id = line.hire_id
              JOIN housing_insertion_clause clause ON clause.id = line.clause_id
              JOIN purchase_order po ON po.id = clause.order_id
              JOIN res_partner employer_contact ON employer_contact.id = hire.employer_id
              JOIN res_partner employer ON employer.id = employer_contact.commercial_partner_id
            """
        )
