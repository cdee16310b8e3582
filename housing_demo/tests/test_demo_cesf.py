import random
from datetime import date

from odoo.tests import tagged

from odoo.addons.housing_cesf.tests.common import HousingCesfCommon

from .common import skip_unless_installed


@tagged("post_install", "-at_install")
@skip_unless_installed("housing.cesf.followup")
class TestDemo(HousingCesfCommon):
    def test_post_generate(self):
        self._open_cases()
        # more households, so that every stage gets a few
        partners = self.env["res.partner"].create([{"name": f"Ménage démo {i}"} for i in range(14)])
        residence = self.env["housing.residence"].create(
            {"name": "Résidence démo", "agency_id": self.agency.id, "sector_id": self.sector.id}
        )
        units = self.env["housing.unit"].create(
            [{"name": f"DEMO-{i}", "residence_id": residence.id, "typology": "T3"} for i in range(15)]
        )
        leases = self.env["housing.lease"].create(
            [
                {"unit_id": unit.id, "partner_id": partner.id, "date_start": date(2025, 12, 1), "rent_amount": 400.0}
                for unit, partner in zip(units, partners)
            ]
        )
        leases.action_activate()
        cases = self.env["housing.arrears.case"].search([])
        result = {
            "company": self.company,
            "agency": self.agency,
            "sectors": self.sector | self.sector_other,
            "units": units | self.unit_a | self.unit_b,
            "leases": leases | self.lease_apl | self.lease_plain,
            "cases": cases,
            "users": {"cesf": self.cesf_user},
            "today": date(2026, 3, 1),
        }
        # the generator is run by the administrator (make demo runs it in `odoo shell`, as the superuser), and with
        # the whole suite installed the other addons' hooks run too
        result = self.env["housing.demo.portfolio"].sudo()._post_generate(random.Random(42), result)
        followups = result["followups"]
        self.assertEqual(followups.filtered("origin_case_id").origin_case_id, cases, "a part of the cases referred")
        stages = self.env["housing.cesf.stage"].search([])
        for stage in stages:
            self.assertTrue(followups.filtered(lambda f, stage=stage: f.stage_id == stage), stage.name)
        self.assertTrue(followups.filtered(lambda f: f.followup_type == "pre_allocation").opinion)
        self.assertTrue(followups.evaluation_ids)
        self.assertTrue(followups.intervention_ids.filtered(lambda i: i.mode == "home_visit"))
        self.assertTrue(followups.aid_request_ids)
        self.assertTrue(self.cesf_user.has_group("housing_cesf.group_cesf"))
