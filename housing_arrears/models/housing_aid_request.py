from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

AID_SCHEMES = [
    ("fsl_maintenance", "FSL: staying in the dwelling"),
    ("fsl_access", "FSL: access to a dwelling"),
    ("fsl_energy", "FSL: energy and water"),
    ("benefit_payer", "Benefit payer (CAF/MSA)"),
    ("action_logement", "Action Logement"),
    ("ccas", "Municipal social action centre (CCAS)"),
    ("departement", "Département emergency aid"),
    ("over_indebtedness", "Over-indebtedness file (Banque de France)"),
    ("microcredit", "Microcredit"),
    ("other", "Other"),
]
FSL_SCHEMES = ("fsl_maintenance", "fsl_access", "fsl_energy")


class HousingAidRequest(models.Model):
    """An application for financial aid on behalf of a household: the one model for aid in the suite."""

    _name = "housing.aid.request"
    _description = "Aid Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_submitted desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one("res.partner", string="Household", required=True, index=True, tracking=True)
    lease_id = fields.Many2one("housing.lease", index=True, check_company=True)
    case_id = fields.Many2one("housing.arrears.case", string="Arrears Case", index=True, check_company=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    agency_id = fields.Many2one(related="lease_id.agency_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    scheme = fields.Selection(AID_SCHEMES, required=True, tracking=True)
    funder_id = fields.Many2one("res.partner", help="Body that decides on the aid.")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("granted", "Granted"),
            ("refused", "Refused"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )
    date_submitted = fields.Date(string="Submitted On", tracking=True)
    decision_date = fields.Date(tracking=True)
    amount_requested = fields.Monetary(tracking=True)
    amount_granted = fields.Monetary(tracking=True, compute="_compute_amount_granted", store=True, readonly=False)
    grant_amount = fields.Monetary(string="Grant Part", tracking=True)
    loan_amount = fields.Monetary(string="Loan Part", tracking=True)
    note = fields.Text()

    @api.depends("scheme", "partner_id")
    def _compute_name(self):
        labels = dict(self._fields["scheme"]._description_selection(self.env))
        for request in self:
            request.name = " - ".join(filter(None, (labels.get(request.scheme), request.partner_id.name)))

    @api.depends("grant_amount", "loan_amount")
    def _compute_amount_granted(self):
        for request in self:
            if request.grant_amount or request.loan_amount:
                request.amount_granted = request.grant_amount + request.loan_amount

    @api.onchange("case_id")
    def _onchange_case_id(self):
        if self.case_id:
            self.lease_id = self.case_id.lease_id
            self.partner_id = self.case_id.partner_id

    @api.constrains("amount_requested", "amount_granted", "grant_amount", "loan_amount", "scheme", "company_id")
    def _check_amounts(self):
        for request in self:
            currency = request.currency_id
            if min(request.amount_requested, request.amount_granted, request.grant_amount, request.loan_amount) < 0:
                raise ValidationError(_("The amounts of an aid request cannot be negative."))
            if (request.grant_amount or request.loan_amount) and currency.compare_amounts(
                request.grant_amount + request.loan_amount, request.amount_granted
            ):
                raise ValidationError(_("The grant and loan parts must add up to the amount granted."))
            ceiling = request.company_id.housing_fsl_ceiling
            if (
                request.scheme in FSL_SCHEMES
                and ceiling
                and currency.compare_amounts(request.amount_requested, ceiling) > 0
            ):
                raise ValidationError(
                    _(
                        "The FSL of the département grants at most %(ceiling)s per application: lower the amount "
                        "requested (%(amount)s) or change the ceiling in the settings.",
                        ceiling=ceiling,
                        amount=request.amount_requested,
                    )
                )

    @api.constrains("state", "decision_date", "date_submitted")
    def _check_dates(self):
        for request in self:
            if request.state in ("granted", "refused") and not request.decision_date:
                raise ValidationError(_("Enter the decision date of the aid request."))
            if request.decision_date and request.date_submitted and request.decision_date < request.date_submitted:
                raise ValidationError(_("The decision date cannot be before the submission date."))

    def action_submit(self):
        for request in self:
            request.write(
                {"state": "submitted", "date_submitted": request.date_submitted or fields.Date.context_today(self)}
            )

    def action_cancel(self):
        self.write({"state": "cancelled"})
