from odoo import api, models


class HousingDemoPortfolio(models.AbstractModel):
    """Generator of the demo portfolio (used by `make demo` and `make bench`). Deterministic for a seed."""

    _name = "housing.demo.portfolio"
    _description = "Demo Portfolio Generator"

    @api.model
    def _post_generate(self, rng, result):
        """Hook for the other addons of the suite: add their demo records.

        :param random.Random rng: the generator's seeded random source (use it, never `random` itself)
        :param dict result: what was generated: 'company', 'agency', 'sectors', 'residences', 'units', 'leases',
            'cases' (recordsets), 'users' (dict login -> res.users), 'today' (date of the generation)
        """
        return result
