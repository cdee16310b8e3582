from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.osv import expression

JUDGMENT = [("step_type", "=", "judgment"), ("state", "=", "done")]


class HousingArrearsCase(models.Model):
    """The lifetime of the content of an arrears case (CNIL délibération 2014-123 on the pre-litigation and
    litigation data of the social landlords, see README.rst "Retention").

    Once a case is closed:
    - without a judgment, its content is pre-litigation data: purged when the case was settled amicably
      (`settled_amicably`, after `housing_retention_amicable_days`), otherwise when the claim is time-barred,
      `housing_retention_limitation_years` (3) after the last unpaid item, which is at the latest the closing day;
    - with a judgment, it is litigation data: purged when the enforcement of the (last) judgment is time-barred,
      `housing_retention_judgment_years` (10) after it, and not while the tenant stays in the dwelling (a court
      decision on the tenancy is kept until he leaves).
    An open case keeps its content: it is still being recovered (the limitation alert warns its officer).

    The purge keeps what is counted (stage, pole, dates, amounts, closing kind, the type, date and outcome of each
    contact attempt and of each step, the kind and amounts of the plans, the aid schemes and amounts, the
    write-offs, which are accounting documents) and deletes what was said and filed: the notes of the case, its
    contact attempts, steps, plans and aid requests, the reasons typed in, the messages and activities, the
    documents (of the case, of its steps, plans and aid requests, the signed plans). It runs in batches of the
    scheduled action, which reports the rest to the scheduler and resumes where a killed run left off."""

    _inherit = "housing.arrears.case"

    purged_date = fields.Date(
        string="Content Purged On",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Date the scheduled action purged the content of the closed case at the end of its retention; the "
        "case stays for the figures.",
    )

    def write(self, vals):
        res = super().write(vals)
        if vals.get("stage_id") and not self.env["housing.arrears.stage"].browse(vals["stage_id"]).is_closed:
            # reopened: what is recorded from now on has its own lifetime
            self.filtered("purged_date").write({"purged_date": False})
        return res

    @api.model
    def _get_purge_domain(self, company, today):
        """The closed cases of `company` whose content is due for purging on `today`."""
        amicable_cut = today - relativedelta(days=company.housing_retention_amicable_days)
        limitation_cut = today - relativedelta(years=company.housing_retention_limitation_years)
        judgment_cut = today - relativedelta(years=company.housing_retention_judgment_years)
        not_judged = [
            ("step_ids", "not any", JUDGMENT),
            "|",
            "&",
            ("settled_amicably", "=", True),
            ("date_closed", "<=", amicable_cut),
            ("date_closed", "<=", limitation_cut),
        ]
        judged = [
            ("step_ids", "any", [*JUDGMENT, ("date", "<=", judgment_cut)]),
            ("step_ids", "not any", [*JUDGMENT, ("date", ">", judgment_cut)]),
            "|",
            ("tenant_departed", "=", True),
            ("lease_id.state", "!=", "active"),
        ]
        return [
            ("company_id", "=", company.id),
            ("is_closed", "=", True),
            ("purged_date", "=", False),
            *expression.OR([not_judged, judged]),
        ]

    @api.model
    def _cron_purge_retention(self, limit=200):
        """Purge the cases due, `limit` cases a run; while some remain, tell the scheduler, which commits and runs
        the job again at once. Idempotent: a purged case is marked and never selected again."""
        today = fields.Date.context_today(self)
        Case = self.sudo().with_context(active_test=False)
        domain = expression.OR(
            [self._get_purge_domain(company, today) for company in self.env["res.company"].sudo().search([])]
        )
        cases = Case.search(domain, limit=limit, order="date_closed, id")
        cases._purge_content()
        remaining = Case.search_count(domain) if len(cases) == limit else 0
        self.env["ir.cron"]._notify_progress(done=len(cases), remaining=remaining)
        return cases

    def _purge_content(self):
        if not self:
            return
        cases = self.sudo().with_context(active_test=False, tracking_disable=True)
        env = cases.env
        steps = cases.step_ids
        plans = cases.plan_ids
        aids = cases.aid_request_ids
        if "followup_id" in aids._fields:
            # those of a social follow-up are the CESF's, and follow its retention
            aids = aids.filtered(lambda aid: not aid.followup_id)
        records = [(cases._name, cases.ids), (steps._name, steps.ids), (plans._name, plans.ids), (aids._name, aids.ids)]
        records = [(model, ids) for model, ids in records if ids]
        env["ir.attachment"].search(
            expression.OR([[("res_model", "=", model), ("res_id", "in", ids)] for model, ids in records])
        ).unlink()
        steps.attachment_ids.unlink()
        env["mail.activity"].search(
            expression.OR([[("res_model", "=", model), ("res_id", "in", ids)] for model, ids in records])
        ).unlink()
        env["mail.message"].search(
            expression.OR([[("model", "=", model), ("res_id", "in", ids)] for model, ids in records])
        ).unlink()
        purged = _("Purged at the end of the retention delay.")
        cases.contact_ids.write({"note": False})
        steps.write({"note": False})
        steps.filtered("cancel_reason").write({"cancel_reason": purged})
        steps.filtered("truce_exception_reason").write({"truce_exception_reason": purged})
        plans.write({"note": False, "signed_document": False, "signed_document_name": False})
        aids.write({"note": False})
        cases.write({"note": False, "purged_date": fields.Date.context_today(self)})
        body = _(
            "Content purged at the end of its retention (notes, contacts, messages, documents): only the figures "
            "are kept."
        )
        cases._message_log_batch(bodies=dict.fromkeys(cases.ids, body))
