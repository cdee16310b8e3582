from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .housing_sector import POLES


class HousingArrearsStage(models.Model):
    _name = "housing.arrears.stage"
    _description = "Arrears Case Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    pole = fields.Selection(
        POLES,
        help="Pole of the landlord's arrears department that handles the cases in this stage; "
        "moving a case into another pole assigns the sector's officer of that pole.",
    )
    fold = fields.Boolean(string="Folded in Kanban")
    is_closed = fields.Boolean(string="Closing Stage")
    closing_kind = fields.Selection(
        [("settled", "Settled"), ("written_off", "Written off")],
        help="Settled: the debt was cleared. Written off: the debt was declared irrecoverable.",
    )
    description = fields.Text(translate=True)

    @api.constrains("pole", "is_closed", "closing_kind")
    def _check_pole(self):
        for stage in self:
            if not stage.is_closed and not stage.pole:
                raise ValidationError(_("Stage %(stage)s: an open stage belongs to a pole.", stage=stage.name))
            if stage.is_closed and not stage.closing_kind:
                raise ValidationError(
                    _(
                        "Stage %(stage)s: a closing stage says whether the debt was settled or written off.",
                        stage=stage.name,
                    )
                )

    @api.model
    def _get_closing_stage(self, kind):
        return self.search([("is_closed", "=", True), ("closing_kind", "=", kind)], limit=1)

    @api.model
    def _get_first_stage(self, pole="prevention"):
        return self.search([("is_closed", "=", False), ("pole", "=", pole)], limit=1)
