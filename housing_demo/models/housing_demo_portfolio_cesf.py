# pylint: disable=consider-merging-classes-inherited
# (the CESF part of the generator, moved from housing_cesf as it was)
from datetime import datetime, time, timedelta

from odoo import Command, api, models

OTHER_TYPES = ["administrative", "sublet", "transfer", "rent_supplement", "hygiene", "neighbour", "adaptation"]
OTHER_ORIGINS = ["account_manager", "agency", "partner", "tenant"]
CHILD_BANDS = ["under_14", "under_14", "14_17", "18_24"]


class HousingDemoPortfolio(models.AbstractModel):
    _inherit = "housing.demo.portfolio"

    @api.model
    def _post_generate(self, rng, result):
        result = super()._post_generate(rng, result)
        # the social follow-ups when housing_cesf is installed too
        if "housing.cesf.followup" in self.env:
            result["followups"] = self._generate_cesf_demo(rng, result)
        return result

    @api.model
    def _generate_cesf_demo(self, rng, result):
        """Follow-ups in every stage: referrals from a part of the arrears cases, other interventions and a
        pre-allocation evaluation, with members, interventions, budget evaluations and aid requests."""
        company = result["company"]
        today = result["today"]
        sectors = result.get("sectors") or self.env["housing.sector"]
        cesf_users = sectors.prevention_user_id or self.env.user
        cesf_users.groups_id = [Command.link(self.env.ref("housing_cesf.group_cesf").id)]
        Followup = self.env["housing.cesf.followup"].with_company(company).sudo()
        stages = self.env["housing.cesf.stage"].search([])
        # referrals: about a third of the open arrears cases
        cases = result.get("cases", self.env["housing.arrears.case"]).filtered(lambda case: not case.is_closed)
        referred = cases.browse(rng.sample(cases.ids, k=min(len(cases), max(len(cases) // 3, min(len(cases), 8)))))
        followups = referred._create_cesf_followups(
            intro="Dossier orienté par le service contentieux (démonstration).",
            summary="Nouvelle orientation",
        )
        # other interventions on leases without a case, and one pre-allocation evaluation
        leases = result.get("leases", self.env["housing.lease"]) - cases.lease_id
        others = leases.browse(rng.sample(leases.ids, k=min(len(leases), max(len(followups) // 2, 4))))
        vals_list = [
            {
                "partner_id": lease.partner_id.id,
                "lease_id": lease.id,
                "company_id": company.id,
                "followup_type": rng.choice(OTHER_TYPES),
                "origin": rng.choice(OTHER_ORIGINS),
                "date_open": today - timedelta(days=rng.randint(5, 280)),
            }
            for lease in others
        ]
        units = result.get("units", self.env["housing.unit"]) - result.get("leases", self.env["housing.lease"]).unit_id
        if units:
            applicant = self.env["res.partner"].create({"name": "Candidate Démo Attribution"})
            vals_list.append(
                {
                    "partner_id": applicant.id,
                    "unit_id": units[0].id,
                    "company_id": company.id,
                    "followup_type": "pre_allocation",
                    "origin": "pre_allocation",
                    "date_open": today - timedelta(days=rng.randint(2, 20)),
                }
            )
        followups |= Followup.create(vals_list)
        self._demo_add_children(rng, followups)
        self._demo_spread_over_stages(rng, followups, stages, today)
        self._demo_interventions(rng, followups, today)
        self._demo_evaluations(rng, followups, today)
        self._demo_aid(rng, followups, today)
        return followups

    @api.model
    def _demo_add_children(self, rng, followups):
        commands = []
        for followup in followups:
            for index in range(rng.choice([0, 0, 1, 2, 3])):
                commands.append(
                    {
                        "followup_id": followup.id,
                        "name": f"Enfant {index + 1}",
                        "relationship": "child",
                        "age_band": rng.choice(CHILD_BANDS),
                    }
                )
        self.env["housing.cesf.member"].sudo().create(commands)

    @api.model
    def _demo_spread_over_stages(self, rng, followups, stages, today):
        """A few follow-ups in each stage, with what each stage needs (consent, hand-over, outcome)."""
        partner = (
            self.env["res.partner"]
            .sudo()
            .create({"name": "Service social départemental (démonstration)", "is_company": True})
        )
        shuffled = list(followups)
        rng.shuffle(shuffled)
        by_stage = {}
        for index, followup in enumerate(shuffled):
            by_stage.setdefault(stages[index % len(stages)], self.env["housing.cesf.followup"].sudo())
            by_stage[stages[index % len(stages)]] |= followup
        for stage, records in by_stage.items():
            vals = {"stage_id": stage.id}
            if stage.requires_consent or stage.is_handover or stage.is_closed:
                vals.update({"consent_date": today - timedelta(days=rng.randint(1, 30)), "consent_scope": "followup"})
            if stage.is_handover:
                vals.update(
                    {
                        "handover_partner_id": partner.id,
                        "handover_date": today - timedelta(days=rng.randint(1, 15)),
                        "handover_reason": "Accompagnement global par le service social du secteur.",
                        "outcome": "handed_over",
                    }
                )
            if stage.is_closed:
                vals["outcome"] = rng.choice(["stabilised", "plan", "aid", "no_adherence"])
            if stage.is_closed:
                # half of the households agreed to keep their history; the others' is anonymised by the cron
                keep = records.filtered(lambda f: rng.random() < 0.5)
                keep.write({**vals, "consent_keep_data": True})
                records -= keep
            records.write(vals)

    @api.model
    def _demo_interventions(self, rng, followups, today):
        vals_list = []
        for followup in followups:
            user = followup.user_id or self.env.user
            for days in sorted(rng.sample(range(2, 60), k=rng.randint(1, 3)), reverse=True):
                day = today - timedelta(days=days)
                vals_list.append(
                    {
                        "followup_id": followup.id,
                        "mode": rng.choice(["phone", "office", "home_visit", "liaison"]),
                        "date": datetime.combine(day, time(9 + rng.randint(0, 7), 0)),
                        "user_id": user.id,
                        "state": "done",
                        "report": "<p>Échange avec le ménage (démonstration).</p>",
                    }
                )
            if not followup.is_closed and rng.random() < 0.5:
                day = today + timedelta(days=rng.randint(1, 20))
                vals_list.append(
                    {
                        "followup_id": followup.id,
                        "mode": "home_visit",
                        "date": datetime.combine(day, time(10, 0)),
                        "user_id": user.id,
                        "state": "planned",
                    }
                )
        self.env["housing.cesf.intervention"].sudo().with_context(no_mail_to_attendees=True).create(vals_list)

    @api.model
    def _demo_evaluations(self, rng, followups, today):
        ref = self.env.ref
        vals_list = []
        for followup in followups.filtered(lambda f: f.stage_id.sequence >= 40 or f.followup_type == "pre_allocation"):
            lines = [
                Command.create(
                    {
                        "category_id": ref("housing_cesf.budget_category_wages").id,
                        "amount": rng.choice([0, 900, 1250, 1500, 1800]),
                    }
                ),
                Command.create(
                    {"category_id": ref("housing_cesf.budget_category_family").id, "amount": rng.choice([0, 140, 290])}
                ),
                Command.create(
                    {"category_id": ref("housing_cesf.budget_category_minimum").id, "amount": rng.choice([0, 0, 607])}
                ),
                Command.create(
                    {"category_id": ref("housing_cesf.budget_category_energy").id, "amount": rng.randint(50, 140)}
                ),
                Command.create(
                    {"category_id": ref("housing_cesf.budget_category_insurance").id, "amount": rng.randint(12, 30)}
                ),
                Command.create(
                    {"category_id": ref("housing_cesf.budget_category_phone").id, "amount": rng.randint(20, 60)}
                ),
                Command.create(
                    {"category_id": ref("housing_cesf.budget_category_transport").id, "amount": rng.randint(0, 90)}
                ),
            ]
            vals = {
                "followup_id": followup.id,
                "date": today - timedelta(days=rng.randint(0, 20)),
                "user_id": (followup.user_id or self.env.user).id,
            }
            lease_lines = self.env["housing.budget.evaluation"]._prepare_lease_lines(
                followup.lease_id, self.env["housing.budget.category"].search([("housing_role", "!=", False)])
            )
            if not followup.lease_id:
                lease_lines = [
                    Command.create({"category_id": ref("housing_cesf.budget_category_rent").id, "amount": 480}),
                    Command.create(
                        {"category_id": ref("housing_cesf.budget_category_service_charges").id, "amount": 70}
                    ),
                    Command.create(
                        {"category_id": ref("housing_cesf.budget_category_housing_benefit").id, "amount": 190}
                    ),
                ]
            vals["line_ids"] = lease_lines + lines
            vals_list.append(vals)
        self.env["housing.budget.evaluation"].sudo().create(vals_list)
        pre_allocation = followups.filtered(lambda f: f.followup_type == "pre_allocation")
        pre_allocation.write(
            {
                "opinion": "safeguards",
                "safeguard_ids": [
                    Command.set(
                        [
                            ref("housing_cesf.safeguard_benefit_to_landlord").id,
                            ref("housing_cesf.safeguard_social_support").id,
                        ]
                    )
                ],
                "opinion_reasons": "Budget juste mais stable ; l'aide au logement versée au bailleur "
                "sécurise le loyer.",
            }
        )

    @api.model
    def _demo_aid(self, rng, followups, today):
        vals_list = []
        for followup in followups.filtered(lambda f: f.stage_id.requires_consent or f.is_closed):
            amount = rng.choice([300, 450, 800, 1200])
            granted = rng.random() < 0.6
            submitted = today - timedelta(days=rng.randint(20, 60))
            vals_list.append(
                {
                    "followup_id": followup.id,
                    "partner_id": followup.partner_id.id,
                    "lease_id": followup.lease_id.id,
                    "case_id": followup.origin_case_id.id,
                    "company_id": followup.company_id.id,
                    "scheme": rng.choice(["fsl_maintenance", "benefit_payer", "ccas", "action_logement"]),
                    "amount_requested": amount,
                    "state": "granted" if granted else "submitted",
                    "date_submitted": submitted,
                    "decision_date": submitted + timedelta(days=15) if granted else False,
                    "grant_amount": amount if granted else 0.0,
                }
            )
        self.env["housing.aid.request"].sudo().create(vals_list)
