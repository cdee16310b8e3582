from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import HousingCesfCommon


@tagged("post_install", "-at_install")
class TestAccessLog(HousingCesfCommon):
    """Who opened which follow-up and when: one row per opening of the form (or JSON-RPC read of one follow-up
    with content fields), readable by the CESF managers only, kept for the company's delay."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.followup = cls.create_followup(cls, note="<p>Suivi budgétaire.</p>")
        cls.second = cls.create_followup(
            cls, partner_id=cls.tenant_apl.id, lease_id=cls.lease_apl.id, followup_type="transfer"
        )
        cls.Log = cls.env["housing.cesf.access.log"].sudo()
        cls.spec = {"name": {}, "partner_id": {"fields": {"display_name": {}}}, "stage_id": {}, "note": {}}

    def _rows(self):
        return self.Log.search([], order="id")

    def test_openings_are_logged(self):
        self.Log.search([]).unlink()
        as_cesf = self.followup.with_user(self.cesf_user)
        with freeze_time("2026-03-02 09:15:00"):
            as_cesf.web_read(self.spec)
        row = self._rows()
        self.assertEqual(len(row), 1)
        self.assertEqual(
            (row.user_id, row.followup_id, row.with_content, row.route), (self.cesf_user, self.followup, True, "form")
        )
        self.assertEqual(row.date, datetime(2026, 3, 2, 9, 15))
        self.assertEqual(row.company_id, self.company)
        # the kanban and the list are not openings, even of a single card; the form read again after a save is
        # the same opening; the next record of the pager is a new one
        self.Followup.with_user(self.cesf_user).web_search_read([("id", "=", self.followup.id)], self.spec)
        as_cesf.web_save({"note": "<p>Suivi en cours.</p>"}, self.spec)
        self.assertEqual(len(self._rows()), 1)
        as_cesf.web_save({"priority": "1"}, self.spec, next_id=self.second.id)
        self.assertEqual(self._rows()[-1].followup_id, self.second)
        # an onchange in the form is not an opening
        as_cesf.onchange({"note": "<p>x</p>"}, ["note"], self.spec)
        self.assertEqual(len(self._rows()), 2)
        # the arrears officer opens the header: logged, without the content
        header = {"name": {}, "stage_id": {}}
        self.followup.with_user(self.officer).web_read(header)
        self.assertEqual((self._rows()[-1].user_id, self._rows()[-1].with_content), (self.officer, False))
        # an integrator reads one follow-up's content over JSON-RPC
        as_cesf.read(["note"])
        self.assertEqual(self._rows()[-1].route, "rpc")
        self.assertEqual(len(self._rows()), 4)
        # reading a batch, or the header only, is not an opening
        (self.followup | self.second).with_user(self.cesf_user).read(["note"])
        as_cesf.read(["name", "stage_id"])
        self.assertEqual(len(self._rows()), 4)

    def test_only_the_cesf_manager_reads_it(self):
        self.followup.with_user(self.cesf_user).web_read(self.spec)
        row = self._rows()[-1:]
        for user in (self.cesf_user, self.officer, self.reader, self.accountant):
            with self.assertRaises(AccessError, msg=user.login):
                row.with_user(user).read(["user_id"])
            with self.assertRaises(AccessError, msg=user.login):
                self.env["housing.cesf.access.log"].with_user(user).search([])
        Log = self.env["housing.cesf.access.log"].with_user(self.cesf_manager)
        self.assertIn(row, Log.search([("followup_id", "=", self.followup.id)]))
        self.assertEqual(row.with_user(self.cesf_manager).user_id, self.cesf_user)
        # nobody changes it, the manager neither
        with self.assertRaises(AccessError):
            row.with_user(self.cesf_manager).write({"user_id": self.cesf_manager.id})
        with self.assertRaises(AccessError):
            row.with_user(self.cesf_manager).unlink()
        with self.assertRaises(AccessError):
            Log.create(
                {"user_id": self.cesf_manager.id, "followup_id": self.followup.id, "company_id": self.company.id}
            )

    def test_purge_in_batches(self):
        self.Log.search([]).unlink()
        self.company.housing_cesf_access_log_days = 30
        for day in ("2026-01-01", "2026-01-02", "2026-01-03", "2026-03-01"):
            with freeze_time(day):
                self.followup.with_user(self.cesf_user).web_read(self.spec)
        cron = self.env.ref("housing_cesf.ir_cron_purge_access_log")
        progress = self.env["ir.cron.progress"].sudo().create({"cron_id": cron.id, "remaining": 0, "done": 0})
        Log = self.Log.with_context(ir_cron_progress_id=progress.id)
        with freeze_time("2026-03-10"):
            Log._cron_purge(limit=2)
            self.assertEqual((progress.done, progress.remaining), (2, 1))
            self.assertEqual(len(self._rows()), 2)
            Log._cron_purge(limit=2)
            self.assertEqual((progress.done, progress.remaining), (1, 0))
            self.assertEqual(self._rows().date, datetime(2026, 3, 1))
            # idempotent
            Log._cron_purge(limit=2)
            self.assertEqual(len(self._rows()), 1)
