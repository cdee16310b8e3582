#!/usr/bin/env bash
# `make lint`: ruff (lint and format), pylint-odoo with the OCA mandatory checks, and the French translations
# (every message of every addon translated in i18n/fr.po).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
status=0
ADDONS=$(ls -d housing_*/ 2>/dev/null | tr -d /)

echo "[lint] ruff check"
"$VENV/bin/ruff" check . || status=1
echo "[lint] ruff format --check"
"$VENV/bin/ruff" format --check . || status=1
echo "[lint] pylint-odoo (OCA mandatory checks)"
# the umbrella addon is linted through its link, so that pylint sees it under its module name
"$VENV/bin/pylint" --rcfile=.pylintrc-mandatory $ADDONS "$LINK_DIR/housing_social/tests" || status=1
echo "[lint] French translations"
"$PY" tools/check_po.py $ADDONS . || status=1
[ "$status" -eq 0 ] && echo "[lint] OK"
exit "$status"
