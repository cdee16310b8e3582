# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Housing Arrears - Job Queue",
    "summary": "Social landlords: the rent call and the nightly arrears detection as parallel jobs (OCA queue_job)",
    "version": "18.0.1.0.0",
    "category": "Accounting/Housing",
    "license": "AGPL-3",
    "author": "Housing Social Suite",
    "website": "https://github.com/housing-social/housing_social",
    "depends": ["housing_arrears", "queue_job"],
    "data": ["data/queue_job_data.xml", "views/res_config_settings_views.xml"],
    "installable": True,
}
