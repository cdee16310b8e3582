from odoo import api, models


class ReportBudgetEvaluation(models.AbstractModel):
    """The budget evaluation, printed by the CESF only (checked before rendering, for a clear access error)."""

    _name = "report.housing_cesf.report_budget_evaluation"
    _description = "Budget Evaluation Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["housing.budget.evaluation"].browse(docids)
        docs.check_access("read")
        return {"doc_ids": docids, "doc_model": docs._name, "docs": docs}


class ReportPreallocationOpinion(models.AbstractModel):
    """The opinion for the allocation commission: content of the follow-up, printed by the CESF only."""

    _name = "report.housing_cesf.report_preallocation_opinion"
    _description = "Pre-allocation Opinion Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["housing.cesf.followup"].browse(docids)
        docs.check_access("read")
        docs.check_field_access_rights("read", ["opinion", "opinion_reasons", "member_ids", "evaluation_ids"])
        return {"doc_ids": docids, "doc_model": docs._name, "docs": docs}
