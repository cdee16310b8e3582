#!/usr/bin/env bash
# Refresh the translation templates (i18n/<module>.pot) of the suite's addons from a throw-away database and merge
# them into i18n/fr.po: new messages appear with an empty translation, to be written in French.
# Usage: bash tools/i18n.sh [module,module...]   (default: every addon of the suite)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
MODULES=${1:-$(suite_modules)}
DB=housing_i18n_$$
trap 'dropdb --if-exists "$DB" >/dev/null 2>&1' EXIT
"$PY" "$ROOT/tools/odoo_db.py" "$ADDONS_PATH" "$DATA_DIR" "$DB" --lang fr_FR --country FR >/dev/null 2>&1
# with the whole suite installed, so that what an addon gets from another one's dependencies is exported too
odoo -d "$DB" -i "$(suite_modules)" --stop-after-init --without-demo=all --log-level=warn --max-cron-threads=0 >/dev/null
for module in ${MODULES//,/ }; do
    dir=$ROOT/$module
    [ "$module" = housing_social ] && dir=$ROOT
    mkdir -p "$dir/i18n"
    odoo -d "$DB" --i18n-export="$dir/i18n/$module.pot" --modules="$module" --stop-after-init --log-level=warn >/dev/null
    if [ "$module" = housing_social ]; then
        # the umbrella is the repository root: the messages of the addons below it belong to those addons
        "$PY" - "$dir/i18n/$module.pot" <<'PYEOF'
import sys
import polib
pot = polib.pofile(sys.argv[1], wrapwidth=0)
for entry in [e for e in pot if e.occurrences and all("addons/housing_social/housing_" in f for f, _l in e.occurrences)]:
    pot.remove(entry)
pot.save()
PYEOF
    fi
    if [ -f "$dir/i18n/fr.po" ]; then
        msgmerge --quiet --update --backup=none --no-fuzzy-matching --no-wrap "$dir/i18n/fr.po" "$dir/i18n/$module.pot"
    else
        msginit --no-translator --no-wrap --locale=fr_FR --input="$dir/i18n/$module.pot" --output-file="$dir/i18n/fr.po"
    fi
    echo "[i18n] $module: $(msgattrib --untranslated "$dir/i18n/fr.po" | grep -c '^msgid' || true) messages to translate"
done
