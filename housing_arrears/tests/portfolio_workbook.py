"""Rows of a generated portfolio for the import templates (the tests and tools/bench_import.py):
`wizard._write_workbook(portfolio_rows(...))` makes the XLSX workbook."""

import random
from datetime import date

from dateutil.relativedelta import relativedelta


def portfolio_rows(count, prefix="IMP", agency="NI", sector=None, payer=None, opening=date(2026, 1, 15), seed=7):
    """{sheet: [row]} of `count` leases, 40 dwellings a residence, one tenant a lease (a co-tenant one lease in
    five); one lease in three with the benefit paid to the landlord by `payer` (a benefit payer's name); one in
    four with opening debts (one to three unpaid months before `opening`)."""
    rng = random.Random(seed)
    rows = {"residences": [], "units": [], "tenants": [], "leases": [], "debts": []}
    for index in range((count + 39) // 40):
        rows["residences"].append(
            {
                "code": f"{prefix}-R{index:03d}",
                "name": f"Résidence {prefix} {index}",
                "agency": agency,
                "sector": sector,
                "street": f"{index + 1} rue des Tilleuls",
                "zip": "38090",
                "city": "Villefontaine",
            }
        )
    for index in range(count):
        residence = rows["residences"][index // 40]["code"]
        unit = f"{prefix}-L{index:05d}"
        rows["units"].append(
            {
                "name": unit,
                "residence": residence,
                "typology": rng.choice(["T1", "T2", "T3", "T4", "T5"]),
                "surface": float(rng.randint(25, 110)),
                "street2": f"Bât. {index % 4 + 1}, porte {index % 40 + 1}",
            }
        )
        tenant = f"{prefix}-T{index:05d}"
        rows["tenants"].append(
            {"ref": tenant, "name": f"Locataire {prefix} {index}", "email": f"locataire{index}@example.com"}
        )
        cotenants = None
        if index % 5 == 4:
            cotenants = [f"{prefix}-C{index:05d}"]
            rows["tenants"].append({"ref": cotenants[0], "name": f"Cotitulaire {prefix} {index}"})
        signed = date(2015, 1, 1) + relativedelta(days=rng.randint(0, 3900))
        start = signed.replace(day=1) + relativedelta(months=1)
        rent = float(rng.randint(300, 650))
        charges = float(rng.randint(30, 90))
        lease = {
            "name": f"{prefix}-B{index:05d}",
            "unit": unit,
            "tenant": tenant,
            "cotenants": cotenants,
            "date_start": start,
            "signature_date": signed,
            "billing_mode": "advance" if index % 2 else "arrears",
            "rent_amount": rent,
            "charges_amount": charges,
            "deposit_amount": rent,
        }
        if payer and index % 3 == 0:
            lease.update(benefit_payer=payer, benefit_amount=float(rng.randint(80, 250)), benefit_to_landlord=True)
            if index % 6 == 0:
                lease["rls_amount"] = 25.0
        if signed < date(2023, 7, 29) and index % 7 == 0:
            lease.update(payment_order_delay=1, payment_order_delay_unit="months")
        rows["leases"].append(lease)
        if index % 4 == 1:
            share = rent + charges - lease.get("benefit_amount", 0.0) - lease.get("rls_amount", 0.0)
            for month in range(1, rng.randint(1, 3) + 1):
                rows["debts"].append(
                    {
                        "lease": lease["name"],
                        "amount": round(share, 2),
                        "date_maturity": opening.replace(day=5) - relativedelta(months=month),
                        "label": f"Loyer impayé {month}",
                    }
                )
    return rows
