from odoo import fields, models, tools
from odoo.tools import SQL

EVENT_TYPES = [
    ("case_opened", "Cases opened"),
    ("case_settled_amicable", "Cases settled amicably"),
    ("case_settled", "Cases settled after litigation"),
    ("case_written_off", "Cases written off"),
    ("plan_signed", "Repayment plans signed"),
    ("plan_kept", "Repayment plans kept"),
    ("plan_broken", "Repayment plans broken"),
    ("benefit_signal", "Signalements to the benefit payer"),
    ("formal_notice", "Formal notices"),
    ("ccapex_referral", "CCAPEX referrals"),
    ("payment_order", "Payment orders"),
    ("summons", "Court summons"),
    ("judgment_payment_delays", "Judgments: payment delays"),
    ("judgment_termination", "Judgments: termination"),
    ("judgment_dismissal", "Judgments: dismissal"),
    ("order_to_vacate", "Orders to vacate"),
    ("police_request", "Police assistance requested"),
    ("police_granted", "Police assistance granted"),
    ("eviction", "Evictions"),
    ("state_compensation", "State compensation claims"),
    ("od_admission", "Over-indebtedness files admitted"),
    ("write_off", "Write-offs"),
]
COUNTED_STEPS = (
    "benefit_signal",
    "formal_notice",
    "ccapex_referral",
    "payment_order",
    "summons",
    "order_to_vacate",
    "police_request",
    "eviction",
    "state_compensation",
    "od_admission",
)


class HousingArrearsEvent(models.Model):
    """One row per dated event of the arrears work (a case opened or closed, a plan signed, kept or broken, a step
    of the procedure, a write-off): the figures by agency, sector and period."""

    _name = "housing.arrears.event"
    _description = "Arrears Figures"
    _auto = False
    _order = "date desc"

    date = fields.Date(readonly=True)
    event_type = fields.Selection(EVENT_TYPES, string="Event", readonly=True)
    case_id = fields.Many2one("housing.arrears.case", readonly=True)
    agency_id = fields.Many2one("housing.agency", readonly=True)
    sector_id = fields.Many2one("housing.sector", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(readonly=True)
    count = fields.Integer(string="Number", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(table)s AS (
                    SELECT row_number() OVER () AS id, e.* FROM (
                        SELECT c.date_open AS date, 'case_opened' AS event_type, c.id AS case_id, c.agency_id,
                               c.sector_id, c.company_id, c.debt_amount AS amount, 1 AS count
                          FROM housing_arrears_case c
                         WHERE c.active
                        UNION ALL
                        SELECT c.date_closed, CASE WHEN c.closing_kind = 'written_off' THEN 'case_written_off'
                                                   WHEN c.settled_amicably THEN 'case_settled_amicable'
                                                   ELSE 'case_settled' END,
                               c.id, c.agency_id, c.sector_id, c.company_id, 0, 1
                          FROM housing_arrears_case c
                         WHERE c.active AND c.is_closed AND c.date_closed IS NOT NULL
                        UNION ALL
                        SELECT p.signature_date, 'plan_signed', p.case_id, p.agency_id, p.sector_id, p.company_id,
                               p.debt_amount, 1
                          FROM housing_repayment_plan p
                         WHERE p.signature_date IS NOT NULL AND p.state != 'draft'
                        UNION ALL
                        SELECT p.kept_date, 'plan_kept', p.case_id, p.agency_id, p.sector_id, p.company_id,
                               p.debt_amount, 1
                          FROM housing_repayment_plan p WHERE p.state = 'kept' AND p.kept_date IS NOT NULL
                        UNION ALL
                        SELECT p.broken_date, 'plan_broken', p.case_id, p.agency_id, p.sector_id, p.company_id,
                               p.debt_amount, 1
                          FROM housing_repayment_plan p WHERE p.state = 'broken' AND p.broken_date IS NOT NULL
                        UNION ALL
                        SELECT s.date, CASE WHEN s.step_type = 'judgment' THEN 'judgment_' || s.judgment_outcome
                                            WHEN s.step_type = 'police_decision' THEN 'police_granted'
                                            ELSE s.step_type END,
                               s.case_id, s.agency_id, s.sector_id, s.company_id, 0, 1
                          FROM housing_legal_step s
                         WHERE s.state = 'done'
                           AND (s.step_type IN %(steps)s
                                OR (s.step_type = 'judgment' AND s.judgment_outcome IS NOT NULL)
                                OR (s.step_type = 'police_decision' AND s.police_granted))
                        UNION ALL
                        SELECT w.approval_date, 'write_off', w.case_id, w.agency_id, w.sector_id, w.company_id,
                               w.amount, 1
                          FROM housing_write_off w WHERE w.state = 'approved'
                    ) e
                )
                """,
                table=SQL.identifier(self._table),
                steps=COUNTED_STEPS,
            )
        )
