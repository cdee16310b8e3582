from pathlib import Path

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

SUITE = (
    "housing_arrears",
    "housing_collection",
    "housing_cesf",
    "housing_insertion",
    "housing_letters",
    "housing_social",
    "housing_arrears_queue_job",
    "housing_letters_queue_job",
    "housing_demo",
)


@tagged("post_install", "-at_install")
class TestFrenchTranslations(TransactionCase):
    """Every message of every addon of the suite (labels, selections, views, errors, letters, reports) ships in
    French: it has a translation in the addon's i18n/fr.po."""

    def test_every_message_is_translated(self):
        installed = self.env["ir.module.module"].search([("name", "in", SUITE), ("state", "=", "installed")])
        self.assertIn("housing_arrears", installed.mapped("name"))
        for module in installed.mapped("name"):
            po_path = Path(get_module_path(module)) / "i18n" / "fr.po"
            self.assertTrue(po_path.exists(), f"{module}: i18n/fr.po is missing")
            translated = {
                entry.msgid for entry in polib.pofile(str(po_path)) if entry.msgstr and "fuzzy" not in entry.flags
            }
            terms = {
                source
                for term_module, _type, name, _res_id, source, _value, _comments in TranslationModuleReader(
                    self.env.cr, modules=[module]
                )
                # the umbrella is the repository root: the files of the addons below it belong to those addons
                if term_module == module and not name.startswith(f"addons/{module}/housing_")
            }
            missing = sorted(terms - translated)
            self.assertFalse(
                missing,
                f"{module}: {len(missing)} messages without French translation in i18n/fr.po "
                f"(run tools/i18n.sh {module} and translate them), e.g. {missing[:5]}",
            )
