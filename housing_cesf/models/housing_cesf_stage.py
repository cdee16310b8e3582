from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class HousingCesfStage(models.Model):
    """A column of the CESF's kanban. The flags say what a follow-up needs before it enters the stage."""

    _name = "housing.cesf.stage"
    _description = "Social Follow-up Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    fold = fields.Boolean(string="Folded in Kanban")
    requires_consent = fields.Boolean(
        help="A follow-up enters this stage only once the household's consent (date and scope) is recorded: "
        "support beyond the first assessment needs the household's free agreement.",
    )
    is_handover = fields.Boolean(
        string="Hand-over Stage",
        help="The follow-up was handed over to an outside professional: enter who, why and when first.",
    )
    is_closed = fields.Boolean(string="Closing Stage", help="The follow-up is over: enter its outcome first.")
    description = fields.Text(translate=True)

    @api.constrains("is_closed", "is_handover", "requires_consent")
    def _check_flags(self):
        for stage in self:
            if stage.is_closed and stage.is_handover:
                raise ValidationError(
                    _(
                        "Stage %(stage)s: a follow-up handed over stays visible as such; it cannot be a closing "
                        "stage too.",
                        stage=stage.name,
                    )
                )

    @api.model
    def _get_first_stage(self):
        return self.search([("is_closed", "=", False)], limit=1)

    @api.model
    def _get_closing_stage(self):
        return self.search([("is_closed", "=", True)], limit=1)
