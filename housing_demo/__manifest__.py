# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Housing Demo Portfolio",
    "summary": "Generator of the demo and bench portfolios of the social housing suite: never on a production database",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "license": "AGPL-3",
    "author": "Housing Social Suite",
    "website": "https://github.com/housing-social/housing_social",
    # the CESF and insertion parts of the generator run when those addons are installed too
    "depends": [
        "housing_arrears",
    ],
    "data": [],
    "installable": True,
}
