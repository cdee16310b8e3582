from datetime import date

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.housing_arrears.tests.common import HousingArrearsCommon


class HousingInsertionCommon(HousingArrearsCommon):
    """On top of the arrears fixtures: a facilitator, a works supplier, an insertion structure, the insertion and
    purchase users, and a maintenance order of 1,000,000 EUR carrying no clause yet."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id |= cls.env.ref("housing_insertion.group_insertion_manager") | cls.env.ref(
            "purchase.group_purchase_manager"
        )
        Partner = cls.env["res.partner"]
        cls.facilitator = Partner.create({"name": "PLIE Nord-Isère", "is_company": True, "insertion_facilitator": True})
        cls.supplier = Partner.create({"name": "Rénov'Isère Bâtiment", "is_company": True})
        cls.structure = Partner.create(
            {
                "name": "Isère Insertion Travaux",
                "is_company": True,
                "insertion_structure_kind": "ei",
                "insertion_agreement_number": "CONV-38-0042",
                "insertion_agreement_date_start": date(2024, 1, 1),
                "insertion_agreement_date_end": date(2026, 12, 31),
            }
        )
        cls.insertion_officer = cls._create_user(
            "insertion", "Inès Insertion", "housing_insertion.group_insertion_officer", cls.agency
        )
        cls.buyer = new_test_user(
            cls.env,
            login="buyer",
            name="Bruno Acheteur",
            groups="purchase.group_purchase_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.portal_supplier = new_test_user(
            cls.env,
            login="supplier_portal",
            name="Portail Fournisseur",
            groups="base.group_portal",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.portal_supplier.partner_id.parent_id = cls.supplier
        cls.product = cls.env["product.product"].create(
            {"name": "Travaux d'entretien", "type": "service", "purchase_ok": True}
        )
        cls.order = cls._create_order(cls.supplier, 1000000.0)

    @classmethod
    def _create_order(cls, supplier, amount, **vals):
        return cls.env["purchase.order"].create(
            {
                "partner_id": supplier.id,
                "company_id": cls.company.id,
                "user_id": cls.buyer.id,
                "date_order": "2026-01-05 09:00:00",
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "name": "Réhabilitation des parties communes",
                            "product_qty": 1,
                            "price_unit": amount,
                            "taxes_id": [Command.clear()],
                        }
                    )
                ],
                **vals,
            }
        )

    @classmethod
    def _create_clause(cls, order, **vals):
        return cls.env["housing.insertion.clause"].create(
            {
                "order_id": order.id,
                "mode": "hours",
                "target_hours": 600.0,
                "facilitator_id": cls.facilitator.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "penalty_per_hour": 40.0,
                **vals,
            }
        )

    @classmethod
    def _create_candidate(cls, lease, send=True, **vals):
        candidate = cls.env["housing.insertion.candidate"].create(
            {
                "partner_id": lease.partner_id.id,
                "lease_id": lease.id,
                "referrer_kind": "cesf",
                "date_referred": date(2026, 1, 10),
                "consent_date": date(2026, 1, 10),
                "consent_scope": "facilitator",
                "eligibility_category": "minimum_income",
                "facilitator_id": cls.facilitator.id,
                **vals,
            }
        )
        if send:
            candidate.action_send_to_facilitator()
        return candidate

    @classmethod
    def _create_hire(cls, candidate, clause, **vals):
        return cls.env["housing.insertion.hire"].create(
            {
                "candidate_id": candidate.id,
                "clause_id": clause.id,
                "employer_id": cls.structure.id,
                "contract_kind": "cddi",
                "date_start": date(2026, 2, 1),
                "date_end": date(2026, 11, 30),
                **vals,
            }
        )

    @classmethod
    def _declare(cls, hire, month, hours):
        return cls.env["housing.insertion.hours"].create({"hire_id": hire.id, "month": month, "hours": hours})
