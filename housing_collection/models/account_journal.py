import re
import unicodedata

from odoo import _, models
from odoo.exceptions import UserError

LEASE_REFERENCE_RE = re.compile(r"\bBAIL[- ]?(\d{6})\b")
WORD_RE = re.compile(r"[A-Z0-9]+")
# words that do not tell one person from another
NAME_STOP_WORDS = {"DE", "DU", "DES", "LA", "LE", "LES", "ET", "EP", "VVE", "MME", "MLLE", "MR", "M", "L", "D"}


def _words(text):
    """The words of a text, without accents, in capitals."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().upper()
    return WORD_RE.findall(text)


class AccountJournal(models.Model):
    _inherit = "account.journal"

    # ------------------------------------------------------------------ bank statement import (OCA hooks)
    def _statement_line_import_speeddict(self):
        speeddict = super()._statement_line_import_speeddict()
        speeddict.update(self._housing_collection_speeddict())
        return speeddict

    def _statement_line_import_update_hook(self, st_line_vals, speeddict):
        super()._statement_line_import_update_hook(st_line_vals, speeddict)
        if "housing_references" not in speeddict:
            return
        texts = [st_line_vals.get(key) for key in ("payment_ref", "ref", "partner_name")]
        partner, lease = self._housing_identify_tenant([text for text in texts if text], speeddict)
        if partner and not st_line_vals.get("partner_id"):
            st_line_vals["partner_id"] = partner.id
        if lease and st_line_vals.get("partner_id") in (lease.partner_id | lease.cotenant_ids).ids:
            st_line_vals["housing_lease_id"] = lease.id

    # ------------------------------------------------------------------ tenants of the company
    def _housing_collection_speeddict(self):
        """What identifies a tenant in a bank label, read once for a whole file: the lease references, the words
        of the tenants' and benefit payers' names, the leases of each holder."""
        self.ensure_one()
        company = self.company_id
        leases = (
            self.env["housing.lease"]
            .sudo()
            .with_context(active_test=False)
            .search_read(
                [("company_id", "=", company.id), ("state", "!=", "draft")],
                ["name", "partner_id", "cotenant_ids", "benefit_payer_id"],
            )
        )
        references = {}
        holder_leases = {}
        for lease in leases:
            references[lease["name"].upper()] = (lease["id"], lease["partner_id"][0])
            holder_leases.setdefault(lease["partner_id"][0], []).append(lease["id"])
        # every person who may pay: holders and co-tenants (paying for the holder), benefit payers
        payer_of = {}
        for lease in leases:
            payer_of.setdefault(lease["partner_id"][0], (lease["partner_id"][0], lease["id"]))
            for cotenant in lease["cotenant_ids"]:
                payer_of.setdefault(cotenant, (lease["partner_id"][0], lease["id"]))
            if lease["benefit_payer_id"]:
                payer_of.setdefault(lease["benefit_payer_id"][0], (lease["benefit_payer_id"][0], False))
        names = self.env["res.partner"].sudo().browse(list(payer_of)).read(["name"])
        persons = {}
        index = {}
        for partner in names:
            tokens = [word for word in _words(partner["name"]) if word not in NAME_STOP_WORDS]
            if len(tokens) < 2:
                # a single word does not tell a person (a name written twice, "David David", does)
                continue
            words = frozenset(tokens)
            holder, lease_id = payer_of[partner["id"]]
            if len(holder_leases.get(holder, ())) != 1:
                lease_id = False
            persons[partner["id"]] = (words, holder, lease_id)
            for word in words:
                index.setdefault(word, set()).add(partner["id"])
        return {
            "housing_references": references,
            "housing_persons": persons,
            "housing_name_index": index,
        }

    def _housing_identify_tenant(self, texts, speeddict):
        """(partner, lease) named by the texts of a bank line: the lease whose reference is quoted, else the only
        person whose every name word is in the texts (a holder with one lease gives its lease too)."""
        Lease = self.env["housing.lease"]
        Partner = self.env["res.partner"]
        text = " ".join(texts)
        upper = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().upper()
        for number in LEASE_REFERENCE_RE.findall(upper):
            found = speeddict["housing_references"].get(f"BAIL-{number}")
            if found:
                return Partner.browse(found[1]), Lease.browse(found[0])
        holders = self._housing_named_holders(texts, speeddict)
        if len(holders) != 1:
            return Partner, Lease
        holder, lease_id = holders.pop()
        return Partner.browse(holder), Lease.browse(lease_id or [])

    def _housing_named_holders(self, texts, speeddict):
        """{(holder partner id, lease id or False)} of the persons whose every name word is in the texts, the
        longest names only: several for namesakes."""
        words = set(_words(" ".join(texts)))
        persons = speeddict["housing_persons"]
        candidates = set()
        for word in words:
            candidates |= speeddict["housing_name_index"].get(word, set())
        matches = [persons[pid] for pid in candidates if persons[pid][0] <= words]
        if not matches:
            return set()
        best = max(len(match[0]) for match in matches)
        return {(match[1], match[2]) for match in matches if len(match[0]) == best}

    # ------------------------------------------------------------------ direct debit
    def _housing_ensure_direct_debit_method(self):
        """The SEPA direct debit method on the journal, booking the debits to the outstanding receipts account
        until the bank statement shows them."""
        self.ensure_one()
        method = self.env.ref("account_banking_sepa_direct_debit.sepa_direct_debit")
        line = self.inbound_payment_method_line_ids.filtered(lambda line: line.payment_method_id == method)
        account = line.payment_account_id
        if not account:
            account = (
                self.env["account.payment"].with_company(self.company_id).new()._get_outstanding_account("inbound")
            )
        if not account:
            raise UserError(_("Set an outstanding receipts account on the journal %(journal)s.", journal=self.name))
        if not line:
            self.sudo().write(
                {
                    "inbound_payment_method_line_ids": [
                        (0, 0, {"payment_method_id": method.id, "payment_account_id": account.id})
                    ]
                }
            )
        elif not line.payment_account_id:
            line.sudo().payment_account_id = account
        return self.inbound_payment_method_line_ids.filtered(lambda line: line.payment_method_id == method)
