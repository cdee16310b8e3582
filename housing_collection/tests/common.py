import base64
import csv
import io
from datetime import date

import openpyxl
from lxml import etree

from odoo.tests import RecordCapturer

from odoo.addons.housing_arrears.tests.common import HousingArrearsCommon

CAMT053_NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"
PAIN002_NS = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"


def _numeric(text):
    """Letters of a French account number as digits (RIB key convention)."""
    table = {**{c: str(i % 9 + 1) for i, c in enumerate("ABCDEFGHI")}}
    table.update({c: str(i % 9 + 1) for i, c in enumerate("JKLMNOPQR")})
    table.update({c: str(i % 8 + 2) for i, c in enumerate("STUVWXYZ")})
    return "".join(table.get(c, c) for c in text)


def fr_iban(bank, branch, account):
    """A valid French IBAN from a bank code (5 digits), a branch code (5) and an account number (11)."""
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(_numeric(account))) % 97
    bban = f"{bank}{branch}{account}{key:02d}"
    check = 98 - int(_numeric(bban) + "152700") % 97
    return f"FR{check:02d}{bban}"


def cfonb_amount(amount):
    """14 characters, 2 decimals, the sign in the last character (CFONB 120 convention)."""
    digits = f"{round(abs(amount) * 100):014d}"
    return digits[:-1] + ("{ABCDEFGHI" if amount >= 0 else "}JKLMNOPQR")[int(digits[-1])]


class HousingCollectionCommon(HousingArrearsCommon):
    """The leases of HousingArrearsCommon, a company bank account (IBAN) on the bank journal, the SEPA creditor
    identifier, the tenants' bank accounts and e-mails; generators of real CFONB 120, CAMT.053, pain.002 and
    benefit payer files."""

    BANK, BRANCH, ACCOUNT = "30004", "00031", "00012345678"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"sepa_creditor_identifier": "FR78ZZZ424242", "email": "compta@bailleur.example.com"})
        cls.bank = cls.env["res.bank"].create({"name": "BNP Paribas", "bic": "BNPAFRPPXXX"})
        cls.company_iban = fr_iban(cls.BANK, cls.BRANCH, cls.ACCOUNT)
        cls.company_bank_account = cls.env["res.partner.bank"].create(
            {
                "acc_number": cls.company_iban,
                "partner_id": cls.company.partner_id.id,
                "bank_id": cls.bank.id,
                "company_id": cls.company.id,
            }
        )
        cls.bank_journal.bank_account_id = cls.company_bank_account
        (cls.tenant_apl | cls.tenant_plain | cls.tenant_other).write({"email": False})
        cls.tenant_apl.email = "awa.diallo@example.com"
        cls.tenant_plain.email = "marc.durand@example.com"
        cls.iban_apl = cls._tenant_account(cls.tenant_apl, "00011111111")
        cls.iban_plain = cls._tenant_account(cls.tenant_plain, "00022222222")

    @classmethod
    def _tenant_account(cls, partner, account):
        return cls.env["res.partner.bank"].create(
            {"acc_number": fr_iban("20041", "01005", account), "partner_id": partner.id, "bank_id": cls.bank.id}
        )

    @classmethod
    def _create_mandate(cls, lease, bank_account, day, signature=date(2025, 11, 20)):
        return cls.env["account.banking.mandate"].create(
            {
                "partner_bank_id": bank_account.id,
                "housing_lease_id": lease.id,
                "housing_debit_day": day,
                "signature_date": signature,
                "company_id": cls.company.id,
                "state": "valid",
            }
        )

    # ------------------------------------------------------------------ bank statements
    def cfonb120(self, movements, day=date(2026, 1, 12), opening=1000.0):
        """A CFONB 120 statement of the company account: movements are (label, amount) or (label, amount,
        complement) where the complement goes to a 05 'LIB' record, as banks write the payer's name."""

        def record(code, when, label="", amount=0.0, operation="", reference=""):
            line = (
                f"{code}{self.BANK}{operation:4.4}{self.BRANCH}EUR2 {self.ACCOUNT}"
                f"{'05' if code == '04' else '  '}{when:%d%m%y}  {when:%d%m%y}"
                f"{label:31.31}  {reference:7.7}  {cfonb_amount(amount)}{'':16}"
            )
            assert len(line) == 120, len(line)
            return line

        lines = [record("01", day, amount=opening)]
        total = opening
        for number, movement in enumerate(movements, start=1):
            label, amount = movement[:2]
            lines.append(record("04", day, label, amount, operation="0001", reference=f"{number:07d}"))
            if len(movement) > 2:
                complement = f"{'LIB':3}{movement[2]:70.70}"
                lines.append(f"05{self.BANK}    {self.BRANCH}EUR2 {self.ACCOUNT}05{day:%d%m%y}     {complement:73}  ")
                assert len(lines[-1]) == 120, len(lines[-1])
            total += amount
        lines.append(record("07", day, amount=total))
        return ("\r\n".join(lines) + "\r\n").encode("latin-1")

    def camt053(self, entries, day=date(2026, 1, 12), opening=1000.0, name="STMT-2026-01-12"):
        """A CAMT.053.001.02 statement; entries are dicts: amount (signed), label, name (the other party), iban,
        end_to_end, return_code."""
        nsmap = {None: CAMT053_NS}
        root = etree.Element("Document", nsmap=nsmap)
        statement_root = etree.SubElement(root, "BkToCstmrStmt")
        header = etree.SubElement(statement_root, "GrpHdr")
        etree.SubElement(header, "MsgId").text = name
        etree.SubElement(header, "CreDtTm").text = f"{day:%Y-%m-%d}T18:00:00"
        statement = etree.SubElement(statement_root, "Stmt")
        etree.SubElement(statement, "Id").text = name
        etree.SubElement(statement, "CreDtTm").text = f"{day:%Y-%m-%d}T18:00:00"
        account = etree.SubElement(statement, "Acct")
        etree.SubElement(etree.SubElement(account, "Id"), "IBAN").text = self.company_iban
        etree.SubElement(account, "Ccy").text = "EUR"
        closing = opening + sum(entry["amount"] for entry in entries)
        for code, amount in (("OPBD", opening), ("CLBD", closing)):
            balance = etree.SubElement(statement, "Bal")
            etree.SubElement(etree.SubElement(etree.SubElement(balance, "Tp"), "CdOrPrtry"), "Cd").text = code
            etree.SubElement(balance, "Amt", Ccy="EUR").text = f"{abs(amount):.2f}"
            etree.SubElement(balance, "CdtDbtInd").text = "CRDT" if amount >= 0 else "DBIT"
            etree.SubElement(etree.SubElement(balance, "Dt"), "Dt").text = f"{day:%Y-%m-%d}"
        for number, entry in enumerate(entries, start=1):
            credit = entry["amount"] >= 0
            node = etree.SubElement(statement, "Ntry")
            etree.SubElement(node, "NtryRef").text = f"{name}-{number}"
            etree.SubElement(node, "Amt", Ccy="EUR").text = f"{abs(entry['amount']):.2f}"
            etree.SubElement(node, "CdtDbtInd").text = "CRDT" if credit else "DBIT"
            etree.SubElement(node, "Sts").text = "BOOK"
            etree.SubElement(etree.SubElement(node, "BookgDt"), "Dt").text = f"{day:%Y-%m-%d}"
            etree.SubElement(etree.SubElement(node, "ValDt"), "Dt").text = f"{day:%Y-%m-%d}"
            etree.SubElement(node, "AcctSvcrRef").text = f"{name}-{number}"
            domain = etree.SubElement(etree.SubElement(node, "BkTxCd"), "Domn")
            etree.SubElement(domain, "Cd").text = "PMNT"
            family = etree.SubElement(domain, "Fmly")
            etree.SubElement(family, "Cd").text = "RDDT" if "return_code" in entry else "RCDT"
            etree.SubElement(family, "SubFmlyCd").text = "UPDD" if "return_code" in entry else "ESCT"
            details = etree.SubElement(etree.SubElement(node, "NtryDtls"), "TxDtls")
            refs = etree.SubElement(details, "Refs")
            etree.SubElement(refs, "AcctSvcrRef").text = f"{name}-{number}"
            etree.SubElement(refs, "EndToEndId").text = entry.get("end_to_end", "NOTPROVIDED")
            party = "Dbtr" if credit else "Cdtr"
            if entry.get("name") or entry.get("iban"):
                parties = etree.SubElement(details, "RltdPties")
                if entry.get("name"):
                    etree.SubElement(etree.SubElement(parties, party), "Nm").text = entry["name"]
                if entry.get("iban"):
                    etree.SubElement(
                        etree.SubElement(etree.SubElement(parties, f"{party}Acct"), "Id"), "IBAN"
                    ).text = entry["iban"]
            if entry.get("label"):
                etree.SubElement(etree.SubElement(details, "RmtInf"), "Ustrd").text = entry["label"]
            if entry.get("return_code"):
                return_info = etree.SubElement(details, "RtrInf")
                etree.SubElement(etree.SubElement(return_info, "Rsn"), "Cd").text = entry["return_code"]
                etree.SubElement(return_info, "AddtlInf").text = entry.get("return_info", "REJET PRELEVEMENT")
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    def import_statement(self, data, filename, user=None):
        """Import a bank statement file through the OCA wizard, with the automatic matching of account_reconcile_oca
        (which the tests run only on demand)."""
        wizard = (
            self.env["account.statement.import"]
            .with_user(user or self.env.user)
            .with_context(_test_account_reconcile_oca=True)
            .create({"statement_file": base64.b64encode(data), "statement_filename": filename})
        )
        result = wizard._import_file()
        return self.env["account.bank.statement"].browse(result["statement_ids"])

    # ------------------------------------------------------------------ direct debit
    def prepare_debits(self, call, days=None, user=None):
        wizard = (
            self.env["housing.rent.call.debit"]
            .with_user(user or self.env.user)
            .create({"rent_call_id": call.id, **({"debit_days": days} if days else {})})
        )
        action = wizard.action_prepare()
        return self.env["account.payment.order"].search(action["domain"])

    def order_xml(self, order):
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "account.payment.order"), ("res_id", "=", order.id)], limit=1
        )
        self.assertTrue(attachment, "the order has its pain.008 file")
        return etree.fromstring(base64.b64decode(attachment.datas))

    def pain002(self, rejects, name="REJ-2026-0001", day=date(2026, 1, 7)):
        """A pain.002.001.03 status report of rejected direct debits: rejects are (payment, reason code)."""
        root = etree.Element("Document", nsmap={None: PAIN002_NS})
        report = etree.SubElement(root, "CstmrPmtStsRpt")
        header = etree.SubElement(report, "GrpHdr")
        etree.SubElement(header, "MsgId").text = name
        etree.SubElement(header, "CreDtTm").text = f"{day:%Y-%m-%d}T20:00:00"
        original = etree.SubElement(report, "OrgnlGrpInfAndSts")
        etree.SubElement(original, "OrgnlMsgId").text = rejects[0][0].payment_order_id.name
        etree.SubElement(original, "OrgnlMsgNmId").text = "pain.008.001.02"
        batch = etree.SubElement(report, "OrgnlPmtInfAndSts")
        etree.SubElement(batch, "OrgnlPmtInfId").text = rejects[0][0].payment_order_id.name
        for number, (payment, code) in enumerate(rejects, start=1):
            transaction = etree.SubElement(batch, "TxInfAndSts")
            etree.SubElement(transaction, "StsId").text = f"{name}-{number}"
            etree.SubElement(transaction, "OrgnlEndToEndId").text = str(payment.id)
            etree.SubElement(transaction, "TxSts").text = "RJCT"
            reason = etree.SubElement(transaction, "StsRsnInf")
            etree.SubElement(etree.SubElement(reason, "Rsn"), "Cd").text = code
            reference = etree.SubElement(transaction, "OrgnlTxRef")
            etree.SubElement(etree.SubElement(reference, "Amt"), "InstdAmt", Ccy="EUR").text = f"{payment.amount:.2f}"
            etree.SubElement(reference, "ReqdColltnDt").text = f"{payment.date:%Y-%m-%d}"
            etree.SubElement(etree.SubElement(reference, "Dbtr"), "Nm").text = payment.partner_id.name
            debtor_account = etree.SubElement(etree.SubElement(reference, "DbtrAcct"), "Id")
            etree.SubElement(debtor_account, "IBAN").text = payment.partner_bank_id.sanitized_acc_number
            creditor_account = etree.SubElement(etree.SubElement(reference, "CdtrAcct"), "Id")
            etree.SubElement(creditor_account, "IBAN").text = self.company_iban
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    def import_returns(self, data, user=None):
        wizard = (
            self.env["payment.return.import"]
            .with_user(user or self.env.user)
            .create({"data_file": base64.b64encode(data)})
        )
        with RecordCapturer(self.env["payment.return"], []) as capture:
            wizard.import_file()
        return capture.records

    # ------------------------------------------------------------------ benefit payer statements
    def benefit_csv(self, rows, header=None):
        header = header or ["Numéro allocataire", "Nom allocataire", "Période", "Montant APL", "RLS", "Rappel", "Indu"]
        stream = io.StringIO()
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
        return stream.getvalue().encode("utf-8")

    def benefit_xlsx(self, rows, header):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        stream = io.BytesIO()
        workbook.save(stream)
        return stream.getvalue()

    def import_benefit(self, data, period=date(2026, 1, 1), payer=None, skip=False, statement_format=None, user=None):
        wizard = (
            self.env["housing.benefit.statement.import"]
            .with_user(user or self.env.user)
            .create(
                {
                    "payer_id": (payer or self.caf).id,
                    "period": period,
                    "file": base64.b64encode(data),
                    "filename": "releve.csv",
                    "skip_invalid": skip,
                    **({"format_id": statement_format.id} if statement_format else {}),
                }
            )
        )
        action = wizard.action_import()
        return self.env["housing.benefit.statement"].browse(action["res_id"])
