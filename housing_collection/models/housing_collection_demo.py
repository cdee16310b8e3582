from odoo import api, models


class HousingCollectionDemo(models.AbstractModel):
    _name = "housing.collection.demo"
    _description = "Collection Demo Generator"

    @api.model
    def _generate(self, rng=None):
        return {}
