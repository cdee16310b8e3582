import copy
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import HousingArrearsCommon


@tagged("post_install", "-at_install")
class TestRentCall(HousingArrearsCommon):
    def _lines(self, invoice):
        return {line.product_id.default_code: line.price_subtotal for line in invoice.invoice_line_ids}

    MOVE_FIELDS = [
        "name", "move_type", "state", "partner_id", "commercial_partner_id", "currency_id", "journal_id", "date",
        "invoice_date", "invoice_date_due", "payment_reference", "ref", "lease_id", "housing_period",
        "amount_untaxed", "amount_tax", "amount_total", "amount_residual", "amount_total_signed",
        "amount_residual_signed", "payment_state", "invoice_payment_term_id", "fiscal_position_id",
        "sequence_prefix", "sequence_number", "made_sequence_gap",
    ]  # fmt: skip
    LINE_FIELDS = [
        "display_type", "account_id", "partner_id", "name", "product_id", "quantity", "price_unit", "discount",
        "tax_ids", "tax_line_id", "tax_tag_ids", "balance", "debit", "credit", "amount_currency", "price_subtotal",
        "price_total", "amount_residual", "reconciled", "date_maturity", "date", "housing_lease_id",
        "housing_instalment", "analytic_distribution", "currency_id",
    ]  # fmt: skip

    def _snapshot(self, moves):
        def values(record, fnames):
            return tuple((fname, str(value)) for fname, value in record.read(fnames)[0].items() if fname != "id")

        return sorted(
            (values(move, self.MOVE_FIELDS), sorted(values(line, self.LINE_FIELDS) for line in move.line_ids))
            for move in moves
        )

    def test_fast_invoices_are_odoo_invoices(self):
        """The rent call creates its invoices with their receivable line already computed and Odoo's
        synchronisation of the invoice lines skipped (no line carries a tax): field by field, move and lines, they
        are the invoices that Odoo's own `create` and `action_post` make from the same values: a notice, a credit note
        (departure on 10 January: benefit and RLS of the month against a prorated rent) and the payer's invoice."""
        self.lease_apl.date_end = date(2026, 1, 10)
        Call = self.env["housing.rent.call"]
        call = Call.create({"period_start": date(2026, 1, 1), "company_id": self.company.id})
        vals_list = call._prepare_invoice_vals_list(call._get_leases_to_bill())
        self.assertEqual(sorted({vals["move_type"] for vals in vals_list}), ["out_invoice", "out_refund"])
        with self.env.cr.savepoint() as savepoint:
            odoo = self.env["account.move"].with_context(tracking_disable=True).create(copy.deepcopy(vals_list))
            odoo.action_post()
            expected = self._snapshot(odoo)
            savepoint.rollback()
        self.env.invalidate_all()
        fast = call._create_moves(copy.deepcopy(vals_list))
        self.assertEqual(len(fast), 4)
        self.assertEqual(self._snapshot(fast), expected)
        self.assertFalse(fast.message_partner_ids, "no follower per notice")

    def test_batch_numbering_is_odoo_numbering(self):
        """With history in the journal (January's call, a manual invoice), February's notices get, in one batch, the
        numbers Odoo gives them one by one; a number Odoo gives in between two batches of the same transaction (a
        manual invoice) is not given twice, and the next batch follows it without a gap. The customer ranks are
        raised as Odoo raises them."""
        self.run_rent_call(date(2026, 1, 1))
        journal = self.tenant_invoice(self.env["housing.rent.call"].search([]), self.lease_plain).journal_id
        Move = self.env["account.move"].with_context(tracking_disable=True)
        manual_vals = {
            "move_type": "out_invoice",
            "partner_id": self.tenant_plain.id,
            "journal_id": journal.id,
            "invoice_date": date(2026, 1, 20),
            "invoice_line_ids": [Command.create({"name": "Réparation", "quantity": 1, "price_unit": 40.0})],
        }
        Move.create(manual_vals).action_post()
        call = self.env["housing.rent.call"].create({"period_start": date(2026, 2, 1), "company_id": self.company.id})
        vals_list = call._prepare_invoice_vals_list(call._get_leases_to_bill(), payers=False)
        self.assertGreaterEqual(len(vals_list), 3)
        tenants = self.env["res.partner"].browse({vals["partner_id"] for vals in vals_list})
        tenants |= tenants.commercial_partner_id

        def ranks():
            self.env.invalidate_all()
            return {partner.id: partner.customer_rank for partner in tenants}

        before = ranks()
        with self.env.cr.savepoint() as savepoint:
            odoo = Move.create(copy.deepcopy(vals_list))
            odoo.action_post()
            expected = self._snapshot(odoo)
            raised = {key: rank - before[key] for key, rank in ranks().items()}
            savepoint.rollback()
        self.env.invalidate_all()
        self.assertTrue(all(raised.values()), "Odoo raised the rank of every tenant")
        self.env.cr.flush()  # a new transaction for the numbering, as the call's batches are (commit between them)
        fast = call._create_moves(copy.deepcopy(vals_list[:1]))
        manual = Move.create({**manual_vals, "invoice_date": date(2026, 2, 5)})
        manual.action_post()
        fast |= call._create_moves(copy.deepcopy(vals_list[1:]))
        self.assertEqual(len(fast), len(vals_list))
        numbers = sorted((fast | manual).filtered(lambda move: move.journal_id == journal).mapped("sequence_number"))
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + len(numbers))), "no gap, no number twice")
        self.assertFalse((fast | manual).filtered("made_sequence_gap"))
        # without the manual invoice in between, the batch numbers are Odoo's own
        with self.env.cr.savepoint() as savepoint:
            self.env.cr.execute("DELETE FROM account_move WHERE id IN %s", [tuple((fast | manual).ids)])
            self.env.invalidate_all()
            self.env.cr.flush()
            before = ranks()
            again = call._create_moves(copy.deepcopy(vals_list))
            self.assertEqual(self._snapshot(again), expected)
            self.assertEqual({key: rank - before[key] for key, rank in ranks().items()}, raised, "ranks as Odoo's")
            savepoint.rollback()

    def test_full_month_invoices(self):
        call = self.run_rent_call(date(2026, 3, 1))
        self.assertEqual(call.state, "done")
        self.assertEqual(call.due_date, date(2026, 3, 5))
        invoice = self.tenant_invoice(call, self.lease_apl)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.partner_id, self.tenant_apl)
        self.assertEqual(invoice.invoice_date, date(2026, 3, 5))
        self.assertEqual(invoice.invoice_date_due, date(2026, 3, 5))
        self.assertEqual(invoice.payment_reference, self.lease_apl.name)
        self.assertEqual(invoice.housing_period, date(2026, 3, 1))
        self.assertEqual(self._lines(invoice), {"LOYER": 450.0, "CHARGES": 50.0, "RLS": -30.0, "APL": -200.0})
        # the tenant's receivable is only the tenant's share; no VAT on rent
        self.assertEqual(invoice.amount_total, 270.0)
        self.assertEqual(invoice.amount_tax, 0.0)
        receivable = invoice.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
        self.assertEqual(receivable.balance, 270.0)
        self.assertEqual(receivable.housing_lease_id, self.lease_apl)
        # the benefit is billed to its payer, one invoice per payer with a line per lease
        payer_invoice = call.invoice_ids.filtered(lambda move: move.partner_id == self.caf)
        self.assertEqual(len(payer_invoice), 1)
        self.assertFalse(payer_invoice.lease_id)
        self.assertEqual(payer_invoice.amount_total, 200.0)
        self.assertEqual(payer_invoice.invoice_line_ids.housing_lease_id, self.lease_apl)
        self.assertEqual(self.tenant_invoice(call, self.lease_plain).amount_total, 680.0)
        # two tenant invoices in this agency, one in the other, one payer invoice
        self.assertEqual(len(call.invoice_ids), 4)
        self.assertEqual(call.invoice_count, 4)
        self.assertEqual(call.amount_total, 270.0 + 680.0 + 550.0 + 200.0)

    def test_billing_in_arrears_bills_previous_month(self):
        self.lease_plain.billing_mode = "arrears"
        call = self.run_rent_call(date(2026, 3, 1))
        invoice = self.tenant_invoice(call, self.lease_plain)
        self.assertEqual(invoice.housing_period, date(2026, 2, 1))
        self.assertEqual(invoice.invoice_date, date(2026, 3, 5))
        # January call of a lease starting in January billed in arrears: nothing to bill yet
        lease = self._create_lease(
            self.unit_c, self.tenant_other, start=date(2026, 4, 1), rent_amount=400.0, billing_mode="arrears"
        )
        april = self.run_rent_call(date(2026, 4, 1))
        self.assertFalse(self.tenant_invoice(april, lease))
        may = self.run_rent_call(date(2026, 5, 1))
        self.assertEqual(self.tenant_invoice(may, lease).amount_total, 400.0)

    def test_prorata_entry_and_departure(self):
        # enters on 16 March (16 days out of 31): no RLS nor benefit in the month of entry
        lease = self._create_lease(
            self.unit_c,
            self.tenant_other,
            start=date(2026, 3, 16),
            rent_amount=310.0,
            charges_amount=62.0,
            rls_amount=20.0,
            benefit_amount=100.0,
            benefit_payer_id=self.caf.id,
        )
        march = self.run_rent_call(date(2026, 3, 1))
        self.assertEqual(self._lines(self.tenant_invoice(march, lease)), {"LOYER": 160.0, "CHARGES": 32.0})
        payer = march.invoice_ids.filtered(lambda move: move.partner_id == self.caf)
        self.assertNotIn(lease, payer.invoice_line_ids.housing_lease_id)
        # leaves on 10 April (10 days out of 30): prorated rent, the payer does not prorate its benefit
        lease.date_end = date(2026, 4, 10)
        april = self.run_rent_call(date(2026, 4, 1))
        self.assertEqual(
            self._lines(self.tenant_invoice(april, lease)),
            {"LOYER": 103.33, "CHARGES": 20.67, "RLS": -20.0, "APL": -100.0},
        )
        # nothing after the departure
        lease.action_end()
        may = self.run_rent_call(date(2026, 5, 1))
        self.assertFalse(self.tenant_invoice(may, lease))

    def test_running_twice_creates_nothing_new(self):
        call = self.run_rent_call(date(2026, 3, 1))
        invoices = call.invoice_ids
        call.action_run()
        self.assertEqual(call.invoice_ids, invoices)
        # a lease activated afterwards is billed by a new run, once
        lease = self._create_lease(self.unit_c, self.tenant_other, start=date(2026, 3, 1), rent_amount=400.0)
        call.action_run()
        call.action_run()
        self.assertEqual(len(call.invoice_ids), len(invoices) + 1)
        self.assertEqual(self.tenant_invoice(call, lease).amount_total, 400.0)

    def test_second_call_for_same_period_is_refused(self):
        self.run_rent_call(date(2026, 3, 1))
        with self.assertRaises(ValidationError):
            self.env["housing.rent.call"].create({"period_start": date(2026, 3, 17)})
        self.assertEqual(self.env["housing.rent.call"].search_count([("period_start", "=", date(2026, 3, 1))]), 1)

    def test_cron_runs_coming_month_once(self):
        Call = self.env["housing.rent.call"]
        cron = self.env.ref("housing_arrears.ir_cron_rent_call").sudo()
        with freeze_time("2026-03-24"):
            cron.method_direct_trigger()
        self.assertFalse(Call.search([("company_id", "=", self.company.id)]))
        with freeze_time("2026-03-25"):
            cron.method_direct_trigger()
            cron.method_direct_trigger()
        calls = Call.search([("company_id", "=", self.company.id)])
        self.assertEqual(len(calls), 1)
        self.assertEqual(calls.period_start, date(2026, 4, 1))
        self.assertEqual(calls.state, "done")
        count = len(calls.invoice_ids)
        with freeze_time("2026-03-28"):
            cron.method_direct_trigger()
        self.assertEqual(len(calls.invoice_ids), count)

    def test_draft_leases_are_not_billed(self):
        draft = self._create_lease(self.unit_c, self.tenant_other, activate=False, rent_amount=400.0)
        call = self.run_rent_call(date(2026, 3, 1))
        self.assertFalse(self.tenant_invoice(call, draft))
