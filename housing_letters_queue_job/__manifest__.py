# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Housing Reminders and Letters - Job Queue",
    "summary": "Social landlords: the nightly reminder scenario and its mass letters as parallel jobs per agency "
    "(OCA queue_job)",
    "version": "18.0.1.0.0",
    "category": "Accounting/Housing",
    "license": "AGPL-3",
    "author": "Housing Social Suite",
    "website": "https://github.com/housing-social/housing_social",
    "depends": ["housing_letters", "housing_arrears_queue_job"],
    "data": ["data/queue_job_data.xml"],
    "auto_install": True,
    "installable": True,
}
