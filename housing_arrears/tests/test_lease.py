from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import HousingArrearsCommon


@tagged("post_install", "-at_install")
class TestLease(HousingArrearsCommon):
    def test_tenant_share(self):
        # 450 + 50 - 30 RLS - 200 APL paid to the landlord
        self.assertEqual(self.lease_apl.tenant_share, 270.0)
        self.assertEqual(self.lease_apl.gross_amount, 500.0)
        self.lease_apl.benefit_to_landlord = False
        self.assertEqual(self.lease_apl.tenant_share, 470.0)
        self.assertEqual(self.lease_plain.tenant_share, 680.0)
        self.assertTrue(self.lease_apl.name.startswith("BAIL-"))
        self.assertEqual(self.lease_apl.agency_id, self.agency)
        self.assertEqual(self.lease_apl.sector_id, self.sector)

    def test_bad_amounts_are_refused(self):
        for vals in (
            {"rent_amount": 0.0},
            {"rent_amount": -10.0},
            {"charges_amount": -1.0},
            {"benefit_amount": 501.0},
            {"rls_amount": 451.0},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                with self.env.cr.savepoint():
                    self.lease_apl.write(vals)
        self.assertEqual(self.lease_apl.rent_amount, 450.0)
        self.assertEqual(self.lease_apl.benefit_amount, 200.0)

    def test_benefit_needs_payer(self):
        with self.assertRaises(ValidationError):
            self._create_lease(self.unit_c, self.tenant_plain, rent_amount=400.0, benefit_amount=100.0)
        self.assertFalse(self.env["housing.lease"].search([("unit_id", "=", self.unit_c.id)]))

    def test_refused_lease_consumes_no_number(self):
        number = int(self._create_lease(self.unit_c, self.tenant_plain, activate=False, rent_amount=400.0).name[5:])
        self.env["housing.lease"].search([("unit_id", "=", self.unit_c.id)]).unlink()
        for _attempt in range(2):
            with self.assertRaises(ValidationError):
                self._create_lease(self.unit_c, self.tenant_plain, rent_amount=400.0, benefit_amount=100.0)
        lease = self._create_lease(self.unit_c, self.tenant_plain, activate=False, rent_amount=400.0)
        self.assertEqual(lease.name, f"BAIL-{number + 1:06d}", "the refused creations gave their numbers back")

    def test_departure_before_start(self):
        with self.assertRaises(ValidationError):
            self.lease_plain.date_end = date(2025, 11, 30)
        self.assertFalse(self.lease_plain.date_end)

    def test_overlapping_lease_on_same_dwelling(self):
        with self.assertRaises(ValidationError):
            self._create_lease(self.unit_a, self.tenant_plain, start=date(2026, 6, 1), rent_amount=400.0)
        # once the first lease has ended, the dwelling can be let again
        self.lease_apl.date_end = date(2026, 5, 31)
        self.lease_apl.action_end()
        new_lease = self._create_lease(self.unit_a, self.tenant_plain, start=date(2026, 6, 1), rent_amount=400.0)
        self.assertEqual(new_lease.state, "active")
        self.assertEqual(self.unit_a.current_lease_id, new_lease)
        # a draft lease does not block anything until it is activated
        draft = self._create_lease(
            self.unit_a, self.tenant_other, start=date(2026, 7, 1), activate=False, rent_amount=400.0
        )
        with self.assertRaises(ValidationError):
            draft.action_activate()
        self.assertEqual(draft.state, "draft")

    def test_end_requires_departure_date(self):
        with self.assertRaises(UserError):
            self.lease_plain.action_end()
        self.assertEqual(self.lease_plain.state, "active")

    def test_lease_with_history_is_archived_not_deleted(self):
        with self.assertRaises(UserError):
            self.lease_plain.unlink()
        self.lease_plain.action_archive()
        self.assertFalse(self.lease_plain.active)
        draft = self._create_lease(self.unit_c, self.tenant_other, activate=False, rent_amount=400.0)
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_cron_ends_departed_leases(self):
        self.lease_plain.date_end = date(2026, 3, 15)
        with self.subTest("before the departure"):
            with freeze_time("2026-03-15"):
                self.env["housing.lease"]._cron_end_departed_leases()
            self.assertEqual(self.lease_plain.state, "active")
        with freeze_time("2026-03-16"):
            self.env["housing.lease"]._cron_end_departed_leases()
            self.env["housing.lease"]._cron_end_departed_leases()
        self.assertEqual(self.lease_plain.state, "ended")

    def test_partner_shows_leases_and_case(self):
        self.lease_plain.cotenant_ids = self.tenant_other
        self.assertEqual(self.tenant_plain.housing_lease_count, 1)
        self.assertEqual(self.tenant_other.housing_lease_count, 2)
        self.assertEqual(self.lease_plain.tenant_ids, self.tenant_plain | self.tenant_other)
