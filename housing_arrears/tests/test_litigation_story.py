import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.tests import tagged

from .common import HousingArrearsCommon


@tagged("post_install", "-at_install")
class TestLitigationStory(HousingArrearsCommon):
    """From the payment order to the State compensation claim, with the deadlines computed at each step."""

    def record(self, day, step_type, **vals):
        with freeze_time(day):
            return (
                self.env["housing.legal.step"]
                .with_user(self.lit_user)
                .create({"case_id": self.case.id, "step_type": step_type, "date": day, **vals})
            )

    def test_story(self):
        for period in (date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)):
            self.run_rent_call(period)
        self.detect("2026-01-20")
        self.case = self.case_of(self.lease_plain)
        bailiff = self.env["res.partner"].create({"name": "SCP Girard, commissaires de justice"})
        self.record("2026-01-20", "formal_notice")
        self.assertEqual(self.case.pole, "prelitigation")
        self.assertEqual(self.case.user_id, self.prelit_user)
        referral = self.record("2026-01-25", "ccapex_referral", channel="exploc")
        self.assertEqual(referral.deadline, date(2026, 3, 26), "summons possible once the 2 months have expired")
        order = self.record("2026-02-02", "payment_order", bailiff_id=bailiff.id)
        self.assertEqual(order.deadline, date(2026, 3, 17), "6 weeks (lease signed after 29 July 2023) end on 16 March")
        self.assertEqual(self.case.stage_id, self.env.ref("housing_arrears.stage_payment_order"))
        self.assertEqual(self.case.user_id, self.lit_user)
        summons = self.record("2026-03-30", "summons", bailiff_id=bailiff.id, hearing_date=date(2026, 5, 18))
        self.assertEqual(summons.deadline, date(2026, 4, 6), "préfet notice 42 days before the hearing")
        self.assertFalse(summons.warning)
        with freeze_time("2026-03-31"):
            self.case.invalidate_recordset(["next_deadline"])
            self.assertEqual(self.case.next_deadline, date(2026, 4, 6))
        self.record("2026-04-01", "prefect_notice")
        # the nightly action moves the next deadline on with the days
        self.detect("2026-04-07")
        self.assertFalse(self.case.next_deadline, "no deadline left before the hearing")
        self.record("2026-05-12", "social_diagnostic")
        self.record("2026-05-18", "hearing")
        judgment = self.record("2026-06-01", "judgment", judgment_outcome="termination", delay_months=2)
        self.assertEqual(judgment.deadline, date(2026, 8, 2), "time to vacate over on 1 August")
        self.assertEqual(self.case.stage_id, self.env.ref("housing_arrears.stage_judgment"))
        order_to_vacate = self.record(
            "2026-08-03", "order_to_vacate", bailiff_id=bailiff.id, prefect_notice_date=date(2026, 8, 3)
        )
        self.assertEqual(order_to_vacate.deadline, date(2026, 10, 5), "2 months end on 3 October; 4 October: Sunday")
        self.assertEqual(self.case.stage_id, self.env.ref("housing_arrears.stage_eviction"))
        request = self.record("2026-10-05", "police_request", bailiff_id=bailiff.id)
        self.assertEqual(request.deadline, date(2026, 12, 6), "silence of the préfet counts as refusal")
        # the préfet does not answer
        silence = self.env.ref("housing_arrears.ir_cron_police_silence").sudo()
        with freeze_time("2026-12-05"):
            silence.method_direct_trigger()
        self.assertFalse(self.case.compensation_start_date)
        with freeze_time("2026-12-06"):
            silence.method_direct_trigger()
            silence.method_direct_trigger()
        claim = self.case.step_ids.filtered(lambda s: s.step_type == "state_compensation")
        self.assertEqual(len(claim), 1)
        self.assertEqual(claim.police_request_id, request)
        self.assertEqual(self.case.compensation_start_date, date(2026, 12, 6))
        with freeze_time("2027-01-04"):
            self.case.invalidate_recordset(["compensation_days"])
            self.assertEqual(self.case.compensation_days, 29)
        # the assistance is granted in April, after the truce: the indemnifiable period ends
        self.record("2027-04-02", "police_decision", police_granted=True)
        self.assertEqual(self.case.compensation_end_date, date(2027, 4, 2))
        self.assertEqual(self.case.compensation_days, 117)
        self.record("2027-04-10", "eviction", bailiff_id=bailiff.id)

        # the figures of the story
        self.env.flush_all()
        events = self.env["housing.arrears.event"].search([("case_id", "=", self.case.id)])
        kinds = sorted(events.mapped("event_type"))
        for kind in (
            "case_opened",
            "formal_notice",
            "ccapex_referral",
            "payment_order",
            "summons",
            "judgment_termination",
            "order_to_vacate",
            "police_request",
            "police_granted",
            "state_compensation",
            "eviction",
        ):
            self.assertIn(kind, kinds)
        wizard = self.env["housing.arrears.figures.report"].create(
            {"date_from": date(2026, 1, 1), "date_to": date(2027, 12, 31), "agency_id": self.agency.id}
        )
        sectors, rows = wizard._get_table()
        self.assertEqual(sectors, self.sector)
        by_label = {label: (values, total) for label, values, total, _kind in rows}
        labels = dict(self.env["housing.arrears.event"]._fields["event_type"]._description_selection(self.env))
        self.assertEqual(by_label[labels["payment_order"]][1], 1)
        self.assertEqual(by_label[labels["case_opened"]][1], 2, "both leases of the agency fell into arrears")
        content, _format = (
            self.env["ir.actions.report"]
            .with_context(lang="fr_FR")
            ._render_xlsx("housing_arrears.action_report_figures_xlsx", wizard.ids, {})
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        self.assertEqual(sheet.cell(3, 1).value, "Indicateur")
        self.assertEqual(sheet.cell(3, 2).value, self.sector.name)
