import base64
import logging
import random
from datetime import timedelta

from lxml import etree

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

# the demo company's bank: BNP Paribas, Villefontaine branch
DEMO_BANK, DEMO_BRANCH, DEMO_ACCOUNT = "30004", "00031", "00012345678"
DEMO_CREDITOR_ID = "FR78ZZZ424242"
PAIN002_NS = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"


def _digits(text):
    """The letters of an account number as digits (the RIB key convention)."""
    table = {char: str(index % 9 + 1) for index, char in enumerate("ABCDEFGHIJKLMNOPQR")}
    table.update({char: str(index % 8 + 2) for index, char in enumerate("STUVWXYZ")})
    return "".join(table.get(char, char) for char in text)


def french_iban(bank, branch, account):
    """A valid French IBAN (RIB key and IBAN check digits) from a bank code, a branch code and an account number."""
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(_digits(account))) % 97
    bban = f"{bank}{branch}{account}{key:02d}"
    return f"FR{98 - int(bban + '152700') % 97:02d}{bban}"


def cfonb_amount(amount):
    """14 characters, 2 decimals, the sign in the last character (CFONB 120)."""
    digits = f"{round(abs(amount) * 100):014d}"
    return digits[:-1] + ("{ABCDEFGHI" if amount >= 0 else "}JKLMNOPQR")[int(digits[-1])]


def cfonb120(movements, day, opening=0.0, bank=DEMO_BANK, branch=DEMO_BRANCH, account=DEMO_ACCOUNT):
    """A CFONB 120 statement: movements are (label, amount, complement); the complement (the payer's name, as
    banks write it) goes to a 05 'LIB' record."""

    def record(code, label="", amount=0.0, operation="", reference=""):
        return (
            f"{code}{bank}{operation:4.4}{branch}EUR2 {account}{'05' if code == '04' else '  '}{day:%d%m%y}  "
            f"{day:%d%m%y}{label:31.31}  {reference:7.7}  {cfonb_amount(amount)}{'':16}"
        )

    lines = [record("01", amount=opening)]
    total = opening
    for number, (label, amount, complement) in enumerate(movements, start=1):
        lines.append(record("04", label, amount, operation="0001", reference=f"{number % 10**7:07d}"))
        if complement:
            lines.append(f"05{bank}    {branch}EUR2 {account}05{day:%d%m%y}     {'LIB':3}{complement:70.70}  ")
        total += amount
    lines.append(record("07", amount=total))
    return ("\r\n".join(lines) + "\r\n").encode("latin-1", "replace")


class HousingCollectionDemo(models.AbstractModel):
    """Demo of the collection on a generated portfolio (after housing.demo.portfolio.generate): direct debit
    mandates on half of the leases, the debit orders of the last rent call sent to the bank, a bank statement
    (CFONB 120) of the month's transfers imported and matched, one rejected debit (pain.002) and the nightly
    detection that opens its case."""

    _name = "housing.collection.demo"
    _description = "Collection Demo Generator"

    @api.model
    def _generate(self, seed=42):
        rng = random.Random(seed)
        company = self.env.company
        journal = self._demo_bank_journal(company)
        # the last rent call already due: its notices are debited, paid by transfer, or rejected
        call = self.env["housing.rent.call"].search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "done"),
                ("due_date", "<=", fields.Date.context_today(self)),
            ],
            order="period_start desc",
            limit=1,
        )
        leases = self.env["housing.lease"].search(
            [("company_id", "=", company.id), ("state", "=", "active")], order="id"
        )
        mandates = self._demo_mandates(rng, leases[::2])
        orders = self._demo_debit_orders(company, call)
        statement = self._demo_bank_statement(rng, journal, call, leases - mandates.housing_lease_id)
        payment_return = self._demo_rejected_debit(orders)
        # the night after: the detection opens the case of the rejected debit
        self.env["housing.arrears.case"]._cron_detect_arrears()
        case = payment_return.line_ids.housing_lease_id.case_id
        _logger.info(
            "collection demo: %s mandates, %s debit orders, statement of %s lines (%s matched), rejected debit of "
            "%s, case %s",
            len(mandates),
            len(orders),
            len(statement.line_ids),
            len(statement.line_ids.filtered("is_reconciled")),
            payment_return.line_ids.housing_lease_id.name,
            case.name,
        )
        return {
            "mandates": mandates,
            "orders": orders,
            "statement": statement,
            "payment_return": payment_return,
            "case": case,
        }

    def _demo_bank_journal(self, company):
        if not company.sepa_creditor_identifier:
            company.sepa_creditor_identifier = DEMO_CREDITOR_ID
        journal = self.env["account.journal"].search([("type", "=", "bank"), ("company_id", "=", company.id)], limit=1)
        if not journal.bank_account_id:
            bank = self.env["res.bank"].search([("bic", "=", "BNPAFRPPXXX")], limit=1) or self.env["res.bank"].create(
                {"name": "BNP Paribas", "bic": "BNPAFRPPXXX"}
            )
            journal.bank_account_id = self.env["res.partner.bank"].create(
                {
                    "acc_number": french_iban(DEMO_BANK, DEMO_BRANCH, DEMO_ACCOUNT),
                    "partner_id": company.partner_id.id,
                    "bank_id": bank.id,
                    "company_id": company.id,
                }
            )
        return journal

    def _demo_mandates(self, rng, leases):
        """A bank account and a valid mandate for each of these leases, on a debit day the tenant chose."""
        days = leases.company_id[:1]._housing_debit_day_list() if leases else []
        banks = self.env["res.partner.bank"].create(
            [
                {
                    "acc_number": french_iban("20041", "01005", f"{lease.id:011d}"),
                    "partner_id": lease.partner_id.id,
                }
                for lease in leases
            ]
        )
        today = fields.Date.context_today(self)
        return self.env["account.banking.mandate"].create(
            [
                {
                    "partner_bank_id": bank.id,
                    "housing_lease_id": lease.id,
                    "housing_debit_day": rng.choice(days),
                    "signature_date": min(max(lease.date_start, today - timedelta(days=400)), today),
                    "company_id": lease.company_id.id,
                    "state": "valid",
                }
                for lease, bank in zip(leases, banks)
            ]
        )

    def _demo_debit_orders(self, company, call):
        """The debit orders of the last rent call, with their pain.008 file, sent to the bank."""
        orders = self.env["account.payment.order"]._housing_prepare_debit_orders(company, call.period_start)
        orders._housing_confirm_and_generate()
        orders.generated2uploaded()
        return orders

    def _demo_bank_statement(self, rng, journal, call, leases):
        """The month's transfers of the tenants without a mandate: most quote their lease, some only their name,
        a few cannot be told; and the benefit payers' transfers. Imported and matched."""
        open_lines = self.env["account.move.line"].search(
            [
                ("move_id.housing_rent_call_id", "=", call.id),
                ("move_id.lease_id", "in", leases.ids),
                ("account_type", "=", "asset_receivable"),
                ("reconciled", "=", False),
                ("amount_residual", ">", 0),
            ]
        )
        movements = []
        for line in open_lines:
            lease = line.move_id.lease_id
            name = lease.partner_id.name.upper()
            draw = rng.random()
            if draw < 0.6:
                movements.append((f"VIR SEPA LOYER {lease.name}", line.amount_residual, f"DE {name}"))
            elif draw < 0.85:
                movements.append(("VIR SEPA LOYER", line.amount_residual, f"DE {name}"))
            elif draw < 0.95:
                movements.append(("VIR SEPA", round(line.amount_residual / 2, 2), f"DE {name}"))
            else:
                movements.append(("VIR SEPA LOYER DU MOIS", line.amount_residual, ""))
        payers = self.env["account.move"].search(
            [("housing_rent_call_id", "=", call.id), ("lease_id", "=", False), ("payment_state", "=", "not_paid")]
        )
        for invoice in payers:
            movements.append((f"VIR {invoice.partner_id.name.upper()[:27]}", invoice.amount_residual, "APL"))
        movements.append(("FRAIS TENUE DE COMPTE", -18.5, ""))
        day = max(call.due_date + timedelta(days=8), fields.Date.context_today(self) - timedelta(days=1))
        iban = journal.bank_account_id.sanitized_acc_number or ""
        if iban.startswith("FR") and len(iban) == 27:
            data = cfonb120(movements, day, bank=iban[4:9], branch=iban[9:14], account=iban[14:25])
        else:
            data = cfonb120(movements, day)
        wizard = self.env["account.statement.import"].create(
            {"statement_file": base64.b64encode(data), "statement_filename": f"releve-{day:%Y%m%d}.cfonb"}
        )
        result = wizard._import_file()
        statement = self.env["account.bank.statement"].browse(result["statement_ids"])
        # the import matches the lines (outside the tests, where account_reconcile_oca waits to be asked)
        statement.line_ids.filtered(lambda line: not line.is_reconciled)._auto_reconcile()
        return statement

    def _demo_rejected_debit(self, orders):
        """The bank rejects one debit for insufficient funds (AM04): a pain.002 file imported and confirmed."""
        payments = orders.payment_ids.sorted("id")
        # a tenant who had no arrears case yet: the night after, the detection opens one for the rejection
        payment = (
            payments.filtered(lambda payment: not payment.payment_line_ids.move_line_id.housing_lease_id.case_id)[:1]
            or payments[:1]
        )
        if not payment:
            return self.env["payment.return"]
        company = orders.company_id[:1]
        today = fields.Date.context_today(self)
        root = etree.Element("Document", nsmap={None: PAIN002_NS})
        report = etree.SubElement(root, "CstmrPmtStsRpt")
        header = etree.SubElement(report, "GrpHdr")
        etree.SubElement(header, "MsgId").text = f"REJ-{payment.payment_order_id.name}"
        etree.SubElement(header, "CreDtTm").text = f"{today:%Y-%m-%d}T20:00:00"
        batch = etree.SubElement(report, "OrgnlPmtInfAndSts")
        etree.SubElement(batch, "OrgnlPmtInfId").text = payment.payment_order_id.name
        transaction = etree.SubElement(batch, "TxInfAndSts")
        etree.SubElement(transaction, "OrgnlEndToEndId").text = str(payment.id)
        etree.SubElement(transaction, "TxSts").text = "RJCT"
        reason = etree.SubElement(transaction, "StsRsnInf")
        etree.SubElement(etree.SubElement(reason, "Rsn"), "Cd").text = "AM04"
        reference = etree.SubElement(transaction, "OrgnlTxRef")
        etree.SubElement(etree.SubElement(reference, "Amt"), "InstdAmt", Ccy="EUR").text = f"{payment.amount:.2f}"
        etree.SubElement(reference, "ReqdColltnDt").text = f"{payment.date:%Y-%m-%d}"
        etree.SubElement(etree.SubElement(reference, "Dbtr"), "Nm").text = payment.partner_id.name
        creditor = etree.SubElement(etree.SubElement(reference, "CdtrAcct"), "Id")
        etree.SubElement(creditor, "IBAN").text = payment.journal_id.bank_account_id.sanitized_acc_number
        data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
        before = self.env["payment.return"].search([]).ids
        self.env["payment.return.import"].with_company(company).create(
            {"data_file": base64.b64encode(data)}
        ).import_file()
        payment_return = self.env["payment.return"].search([("id", "not in", before)])
        payment_return.action_confirm()
        return payment_return
