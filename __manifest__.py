# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Social Housing Suite",
    "summary": "Umbrella of the social landlord suite: arrears, CESF social follow-up, insertion clauses",
    "version": "18.0.1.1.0",
    "category": "Accounting/Housing",
    "license": "AGPL-3",
    "author": "Housing Social Suite",
    "website": "https://github.com/housing-social/housing_social",
    "depends": [
        "housing_arrears",
        "housing_collection",
        "housing_cesf",
        "housing_insertion",
        "housing_letters",
        "spreadsheet_dashboard",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/housing_dashboard_security.xml",
        "data/housing_social_menus.xml",
        "data/housing_dashboard.xml",
        "data/housing_home_data.xml",
    ],
    "assets": {
        # the browser tours of the suite (tests/test_tours.py), and the ones of the other parts of the suite
        "web.assets_tests": [
            "housing_social/static/tests/tours/**/*",
        ],
    },
    "post_init_hook": "post_init_hook",
    "application": True,
    "installable": True,
}
