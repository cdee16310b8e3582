from datetime import date

from freezegun import freeze_time

from odoo import Command

from odoo.addons.housing_arrears.tests.common import HousingArrearsCommon


class HousingCesfCommon(HousingArrearsCommon):
    """The arrears fixtures, plus the CESF of the sector (Claire, prevention officer of Les Portiques), a CESF of
    the other agency, a CESF manager and an accountant who may see the households but is no housing user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cesf_group = cls.env.ref("housing_cesf.group_cesf")
        cls.cesf_user.groups_id |= cesf_group
        cls.env.user.groups_id |= cls.env.ref("housing_cesf.group_cesf_manager")
        cls.cesf_other = cls._create_user("cesf2", "Other Agency CESF", "housing_cesf.group_cesf", cls.agency_other)
        cls.cesf_manager = cls._create_user(
            "cesfmgr", "Corinne CESF Manager", "housing_cesf.group_cesf_manager", cls.agency
        )
        cls.accountant = cls._create_user("compta", "Alain Accountant", "account.group_account_invoice", cls.agency)
        cls.Followup = cls.env["housing.cesf.followup"]
        cls.stage_todo = cls.env.ref("housing_cesf.stage_todo")
        cls.stage_contact = cls.env.ref("housing_cesf.stage_contact")
        cls.stage_assessment = cls.env.ref("housing_cesf.stage_assessment")
        cls.stage_support = cls.env.ref("housing_cesf.stage_support")
        cls.stage_handover = cls.env.ref("housing_cesf.stage_handover")
        cls.stage_closed = cls.env.ref("housing_cesf.stage_closed")
        cls.cat = {
            name: cls.env.ref(f"housing_cesf.budget_category_{name}")
            for name in (
                "wages",
                "family",
                "housing_benefit",
                "rent",
                "service_charges",
                "energy",
                "insurance",
                "phone",
                "transport",
            )
        }

    @classmethod
    def _open_cases(cls):
        """January's rent unpaid: cases for lease_apl (debt 270), lease_plain (680) and lease_other."""
        cls.env["housing.rent.call"].create(
            {"period_start": date(2026, 1, 1), "company_id": cls.company.id}
        ).action_run()
        with freeze_time("2026-01-20"):
            cls.env.ref("housing_arrears.ir_cron_detect_arrears").sudo().method_direct_trigger()
        Case = cls.env["housing.arrears.case"]
        cls.case = Case.search([("lease_id", "=", cls.lease_apl.id)])
        cls.case_plain = Case.search([("lease_id", "=", cls.lease_plain.id)])
        cls.case_other = Case.search([("lease_id", "=", cls.lease_other.id)])

    def create_followup(self, user=None, **vals):
        """A follow-up opened by the CESF (by default for Marc Durand's household, other intervention)."""
        values = {
            "partner_id": self.tenant_plain.id,
            "lease_id": self.lease_plain.id,
            "followup_type": "administrative",
            "origin": "tenant",
            **vals,
        }
        return self.Followup.with_user(user or self.cesf_user).create(values)

    def set_members(self, followup, bands, user=None):
        """Replace the household by members of the given age bands (the first one is the holder)."""
        followup.with_user(user or self.cesf_user).member_ids = [Command.clear()] + [
            Command.create(
                {
                    "name": f"Person {index}",
                    "relationship": "holder"
                    if index == 0
                    else ("child" if band in ("under_14", "14_17") else "spouse"),
                    "age_band": band,
                }
            )
            for index, band in enumerate(bands)
        ]

    def budget_lines(self, **amounts):
        return [
            Command.create({"category_id": self.cat[name].id, "amount": amount}) for name, amount in amounts.items()
        ]
