"""18.0.1.2.0: the lease numbers are taken in the transaction (a "no gap" sequence), so that a lease refused at
creation no longer consumes one. The sequence keeps its next number."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    sequences = env["ir.sequence"].search([("code", "=", "housing.lease"), ("implementation", "=", "standard")])
    for sequence in sequences:
        sequence.write({"implementation": "no_gap", "number_next": sequence.number_next_actual})
