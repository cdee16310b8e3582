from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

INSERTION_STRUCTURE_KINDS = [
    ("ei", "Insertion enterprise (EI)"),
    ("etti", "Temporary work insertion enterprise (ETTI)"),
    ("ai", "Intermediary association (AI)"),
    ("aci", "Insertion workshop (ACI)"),
    ("geiq", "Employers' group for insertion and qualification (GEIQ)"),
    ("ea_esat", "Adapted enterprise or sheltered workshop (EA/ESAT)"),
    ("regie", "Neighbourhood management company (régie de quartier)"),
]
# the structures of insertion through economic activity (SIAE), which hire on a PASS IAE
SIAE_KINDS = ("ei", "etti", "ai", "aci")


class ResPartner(models.Model):
    _inherit = "res.partner"

    insertion_structure_kind = fields.Selection(
        INSERTION_STRUCTURE_KINDS,
        string="Insertion Structure",
        help="Set on suppliers that are insertion structures: the kind decides how they employ eligible people.",
    )
    insertion_agreement_number = fields.Char(
        string="State Agreement Number", help="Number of the State agreement (conventionnement) of the structure."
    )
    insertion_agreement_date_start = fields.Date(string="Agreement Valid From")
    insertion_agreement_date_end = fields.Date(
        string="Agreement Valid Until",
        help="Orders placed with the structure after this date are flagged: its agreement has expired.",
    )
    insertion_agreement_expired = fields.Boolean(
        string="Agreement Expired", compute="_compute_insertion_agreement_expired"
    )
    insertion_facilitator = fields.Boolean(
        help="Facilitator of the insertion clauses of the territory (PLIE, Maison de l'emploi, local authority): "
        "follows the clauses and receives the referred candidates.",
    )

    @api.model
    def _commercial_fields(self):
        return [
            *super()._commercial_fields(),
            "insertion_structure_kind",
            "insertion_agreement_number",
            "insertion_agreement_date_start",
            "insertion_agreement_date_end",
            "insertion_facilitator",
        ]

    @api.depends("insertion_structure_kind", "insertion_agreement_date_end")
    def _compute_insertion_agreement_expired(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.insertion_agreement_expired = partner._insertion_agreement_expired_on(today)

    @api.constrains("insertion_agreement_date_start", "insertion_agreement_date_end")
    def _check_insertion_agreement_dates(self):
        for partner in self:
            start, end = partner.insertion_agreement_date_start, partner.insertion_agreement_date_end
            if start and end and end < start:
                raise ValidationError(
                    _(
                        "%(partner)s: the agreement cannot end before it starts.",
                        partner=partner.display_name,
                    )
                )

    def _insertion_agreement_expired_on(self, on_date):
        """True when this partner is an insertion structure whose State agreement ended before `on_date`."""
        self.ensure_one()
        end = self.insertion_agreement_date_end
        return bool(self.insertion_structure_kind and end and end < on_date)
