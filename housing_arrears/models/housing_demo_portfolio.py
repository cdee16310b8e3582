from odoo import models


class HousingDemoPortfolio(models.AbstractModel):
    _name = "housing.demo.portfolio"
    _description = "Demo Portfolio Generator"
