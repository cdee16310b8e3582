# pylint: disable=consider-merging-classes-inherited
# (the insertion part of the generator, moved from housing_insertion as it was)
from dateutil.relativedelta import relativedelta

from odoo import Command, api, models

DEMO_SUPPLIERS = [
    # name, insertion structure kind, agreement valid (True), expired (False) or none (None)
    ("Rénov'Isère Bâtiment", False, None),
    ("Régie de quartier des Portiques", "regie", True),
    ("Isère Insertion Travaux", "ei", True),
    ("Tremplin Intérim Insertion", "etti", False),
    ("GEIQ BTP Dauphiné", "geiq", True),
]


class HousingDemoPortfolio(models.AbstractModel):
    _inherit = "housing.demo.portfolio"

    def _demo_user_specs(self):
        if "housing.insertion.clause" not in self.env:
            return super()._demo_user_specs()
        return [
            *super()._demo_user_specs(),
            ("insertion", "Samia Rahmani", "housing_insertion.group_insertion_officer"),
            ("achats", "Bruno Marchal", "purchase.group_purchase_user"),
        ]

    @api.model
    def _post_generate(self, rng, result):
        result = super()._post_generate(rng, result)
        # the insertion clauses when housing_insertion is installed too
        if "housing.insertion.clause" in self.env:
            result.update(self._generate_insertion(rng, result))
        return result

    def _generate_insertion(self, rng, result):
        """Suppliers (some of them insertion structures), maintenance orders carrying a clause, referred tenants,
        their hires and monthly hours."""
        company = result["company"]
        today = result["today"]
        env = self.with_company(company).env
        Partner = env["res.partner"]
        facilitator = Partner.create(
            {
                "name": "PLIE Nord-Isère - Facilitatrice clauses sociales",
                "is_company": True,
                "insertion_facilitator": True,
            }
        )
        suppliers = Partner.create(
            [
                {
                    "name": name,
                    "is_company": True,
                    "supplier_rank": 1,
                    "insertion_structure_kind": kind,
                    "insertion_agreement_number": f"CONV-38-{rng.randint(1000, 9999)}" if valid is not None else False,
                    "insertion_agreement_date_start": today - relativedelta(years=2) if valid is not None else False,
                    "insertion_agreement_date_end": (
                        (today + relativedelta(months=rng.randint(6, 18)))
                        if valid
                        else (today - relativedelta(months=rng.randint(9, 14)) if valid is False else False)
                    ),
                }
                for name, kind, valid in DEMO_SUPPLIERS
            ]
        )
        structures = suppliers.filtered("insertion_structure_kind")
        product = env["product.product"].create(
            {"name": "Travaux d'entretien et de remise en état", "type": "service", "purchase_ok": True}
        )
        units = result.get("units") or env["housing.unit"]
        buyer = result.get("users", {}).get("achats") or env.user
        Team = env["maintenance.team"].sudo()
        team = Team.search([("company_id", "in", (company.id, False))], limit=1) or Team.create(
            {"name": "Patrimoine", "company_id": company.id}
        )
        orders_vals = []
        for index, supplier in enumerate(suppliers[:4]):
            unit = units[rng.randrange(len(units))] if units else units
            amount = rng.choice([180000, 240000, 420000, 650000])
            request = env["maintenance.request"].create(
                {
                    "name": rng.choice(
                        ["Réfection des parties communes", "Remise en état de logements vacants", "Ravalement"]
                    ),
                    "company_id": company.id,
                    "maintenance_team_id": team.id,
                    "housing_unit_id": unit.id,
                }
            )
            orders_vals.append(
                {
                    "partner_id": supplier.id,
                    "company_id": company.id,
                    "user_id": buyer.id,
                    "maintenance_request_id": request.id,
                    "origin": request.name,
                    "date_order": today - relativedelta(months=8 - index),
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "name": "Réfection des parties communes et des logements vacants",
                                "product_qty": 1,
                                "price_unit": amount,
                                "taxes_id": [Command.clear()],
                                "insertion_clause_work": True,
                            }
                        )
                    ],
                }
            )
        orders = env["purchase.order"].create(orders_vals)
        clauses_vals = []
        for index, order in enumerate(orders[:3]):
            vals = {
                "order_id": order.id,
                "facilitator_id": facilitator.id,
                "date_start": order.date_order.date(),
                "date_end": order.date_order.date() + relativedelta(months=18, days=-1),
                "penalty_per_hour": rng.choice([30.0, 45.0, 60.0]),
            }
            if index % 2 == 0:
                # sized as a share of the labour hours: amount x 50 % x rate / 30 EUR
                vals.update(
                    {
                        "mode": "share",
                        "labour_share": 50.0,
                        "insertion_rate": rng.choice([5.0, 7.0]),
                        "hourly_cost": 30.0,
                    }
                )
            else:
                vals.update({"mode": "hours", "target_hours": rng.choice([400, 600, 900])})
            clauses_vals.append(vals)
        clauses = env["housing.insertion.clause"].create(clauses_vals)
        # the last order stays a request for quotation: its supplier's agreement has expired
        clauses.order_id.button_confirm()
        # referred tenants: consent, eligibility, sent to the facilitator; some of them hired. The CESF refers
        # households she follows first, then the agency and the arrears officers
        leases = result.get("leases") or env["housing.lease"]
        followups = (result.get("followups") or env["housing.cesf.followup"]).filtered("lease_id")
        by_lease = {followup.lease_id: followup for followup in followups}
        from_cesf = rng.sample(list(by_lease), min(3, len(by_lease)))
        others = [lease for lease in leases if lease not in by_lease]
        referred = from_cesf + rng.sample(others, min(6 - len(from_cesf), len(others)))
        eligibility_categories = env["housing.insertion.candidate"]._fields["eligibility_category"].selection
        candidates = env["housing.insertion.candidate"].create(
            [
                {
                    "partner_id": lease.partner_id.id,
                    "lease_id": lease.id,
                    "referrer_kind": "cesf" if lease in by_lease else rng.choice(["arrears", "survey"]),
                    "cesf_followup_id": by_lease[lease].id if lease in by_lease else False,
                    "referrer_user_id": (by_lease[lease].user_id if lease in by_lease else env.user).id,
                    "date_referred": today - relativedelta(months=9),
                    "consent_date": today - relativedelta(months=9),
                    "consent_scope": "facilitator",
                    "eligibility_category": rng.choice(eligibility_categories)[0],
                    "pass_iae_date": today - relativedelta(months=rng.randint(3, 30)),
                    "facilitator_id": facilitator.id,
                }
                for lease in referred
            ]
        )
        candidates.action_send_to_facilitator()
        hires = env["housing.insertion.hire"]
        for candidate, clause in zip(candidates[:4], [*clauses, *clauses][:4], strict=False):
            employer = structures[rng.randrange(len(structures))] if structures else clause.partner_id
            hires |= env["housing.insertion.hire"].create(
                {
                    "candidate_id": candidate.id,
                    "clause_id": clause.id,
                    "employer_id": (employer if employer.insertion_structure_kind else clause.partner_id).id,
                    "contract_kind": rng.choice(["cddi", "mission", "professionalisation", "cdd"]),
                    "date_start": clause.date_start + relativedelta(months=rng.randint(0, 2), day=1),
                }
            )
        hours_vals = []
        for hire in hires:
            month = hire.date_start.replace(day=1)
            while month + relativedelta(months=1) <= today:
                hours_vals.append({"hire_id": hire.id, "month": month, "hours": round(rng.uniform(35, 140), 1)})
                month += relativedelta(months=1)
        env["housing.insertion.hours"].create(hours_vals)
        return {
            "insertion_suppliers": suppliers,
            "insertion_clauses": clauses,
            "insertion_candidates": candidates,
            "insertion_hires": hires,
        }
