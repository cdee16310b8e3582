import io
from datetime import date, datetime

import openpyxl
from freezegun import freeze_time

from odoo.tests import tagged

from .common import HousingCesfCommon


@tagged("post_install", "-at_install")
class TestFigures(HousingCesfCommon):
    """Follow-ups opened, active and closed over a period by category, type, origin, sector, CESF and outcome;
    visits made; aid obtained; in pivot and in XLSX."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Followup = cls.Followup.with_user(cls.cesf_user)
        base = {"origin": "account_manager"}
        cls.arrears_2021 = Followup.create(
            {
                **base,
                "partner_id": cls.tenant_apl.id,
                "lease_id": cls.lease_apl.id,
                "followup_type": "arrears",
                "date_open": date(2021, 11, 3),
            }
        )
        cls.arrears = Followup.create(
            {
                **base,
                "partner_id": cls.tenant_plain.id,
                "lease_id": cls.lease_plain.id,
                "followup_type": "arrears",
                "date_open": date(2022, 3, 1),
            }
        )
        cls.hygiene = Followup.create(
            {
                "partner_id": cls.tenant_apl.id,
                "lease_id": cls.lease_apl.id,
                "followup_type": "hygiene",
                "origin": "agency",
                "date_open": date(2022, 5, 2),
            }
        )
        cls.neighbour = Followup.create(
            {
                "partner_id": cls.tenant_plain.id,
                "lease_id": cls.lease_plain.id,
                "followup_type": "neighbour",
                "origin": "tenant",
                "date_open": date(2022, 12, 1),
            }
        )
        with freeze_time("2022-06-30"):
            (cls.arrears_2021 | cls.hygiene).write({"outcome": "stabilised", "stage_id": cls.stage_closed.id})
        with freeze_time("2022-03-10 12:00:00"):
            cls.env["housing.cesf.intervention"].with_user(cls.cesf_user).create(
                [
                    {
                        "followup_id": cls.arrears.id,
                        "mode": "home_visit",
                        "date": datetime(2022, 3, 8, 9),
                        "state": "done",
                    },
                    {"followup_id": cls.arrears.id, "mode": "phone", "date": datetime(2022, 3, 2, 9), "state": "done"},
                ]
            )
        cls.env["housing.aid.request"].with_user(cls.cesf_user).create(
            {
                "followup_id": cls.arrears.id,
                "partner_id": cls.tenant_plain.id,
                "scheme": "fsl_maintenance",
                "state": "granted",
                "amount_requested": 680.0,
                "date_submitted": date(2022, 3, 15),
                "decision_date": date(2022, 4, 20),
                "grant_amount": 400.0,
                "loan_amount": 280.0,
            }
        )
        cls.export = (
            cls.env["housing.cesf.followup.export"]
            .with_user(cls.cesf_user)
            .create({"date_from": date(2022, 1, 1), "date_to": date(2022, 10, 31)})
        )

    def test_counts_over_the_period(self):
        figures = self.export._get_followup_figures()
        self.assertEqual(
            figures["type_category"],
            {
                "arrears": {"opened": 1, "active": 2, "closed": 1},
                "other": {"opened": 1, "active": 1, "closed": 1},
            },
            "January to October 2022: the follow-up opened in 2021 is active and closed in the period; "
            "the one opened in December is outside",
        )
        self.assertEqual(figures["origin"]["agency"], {"opened": 1, "active": 1, "closed": 1})
        self.assertEqual(figures["sector_id"][self.sector]["active"], 3)
        self.assertEqual(figures["user_id"][self.cesf_user]["opened"], 2)
        self.assertEqual(figures["outcome"]["stabilised"]["closed"], 2)
        visits, by_mode = self.export._get_visit_figures()
        self.assertEqual(visits, {(self.cesf_user, self.sector): 1})
        self.assertEqual(by_mode, {("home_visit", "done"): 1, ("phone", "done"): 1})
        aid = self.export._get_aid_figures()
        self.assertEqual(aid, {("fsl_maintenance", "granted"): [1, 680.0, 400.0, 280.0]})

    def test_xlsx_export(self):
        action = self.export.action_export()
        self.assertEqual(action["report_name"], "housing_cesf.figures_xlsx")
        content, report_type = (
            self.env["ir.actions.report"]
            .with_user(self.cesf_user)
            ._render("housing_cesf.figures_xlsx", self.export.ids)
        )
        self.assertEqual(report_type, "xlsx")
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(len(workbook.sheetnames), 3)
        rows = [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        totals = [row for row in rows if row[0] in ("Total",) or (row[0] or "").startswith("Total")]
        self.assertEqual(totals[0][1:4], (2, 3, 2), "opened, active, closed in the period")
        visit_rows = list(workbook.worksheets[1].iter_rows(values_only=True))
        self.assertIn((self.cesf_user.name, self.sector.name, 1), visit_rows)
        aid_rows = list(workbook.worksheets[2].iter_rows(values_only=True))
        self.assertTrue(any(row[3] == 680.0 for row in aid_rows if row[2] == 1))

    def test_pivot_for_the_staff(self):
        """The counts by type, stage and CESF are header figures: an arrears officer reads them."""
        groups = self.Followup.with_user(self.officer).read_group(
            [("date_open", ">=", "2022-01-01"), ("date_open", "<=", "2022-10-31")],
            ["type_category"],
            ["type_category"],
        )
        self.assertEqual({g["type_category"]: g["type_category_count"] for g in groups}, {"arrears": 1, "other": 1})
