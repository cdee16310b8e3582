#!/usr/bin/env bash
# `make screenshots`: the demo database (built by tools/demo.sh when missing), served on a free port the time of
# the shots, and each role's landing page taken in headless Chromium: PNG files in .build/screenshots/.
# Variables: HOUSING_DEMO_DB (housing_demo), and those of tools/demo.sh for a first build.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
DB=${HOUSING_DEMO_DB:-housing_demo}
LOGINS=$ROOT/.build/demo-logins.txt
OUT=$ROOT/.build/screenshots
HOUSING_DEMO_NO_SERVE=1 bash "$ROOT/tools/demo.sh" >/dev/null
[ -f "$LOGINS" ] || { echo "[screenshots] no $LOGINS: rebuild the demo database (dropdb $DB && make demo)"; exit 1; }
serve_db "$DB" "$ROOT/.build/screenshots-server.log"
case=$(psql -d "$DB" -tAc "SELECT id FROM housing_arrears_case WHERE NOT is_closed ORDER BY debt_amount DESC LIMIT 1")
HOUSING_SCREENSHOT_CASE=${case:-1} "$PY" "$ROOT/tools/screenshots.py" "http://127.0.0.1:$PORT" "$LOGINS" "$OUT"
