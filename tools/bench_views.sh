#!/usr/bin/env bash
# The arrears cases in the browser (tools/bench_views.py): DB (default: the database of make bench-scale) served
# on a free port the time of the measure, the manager and an arrears officer of the generated portfolio given a
# random password of this run (a bench database: the generator's passwords are not kept), each view measured in
# headless Chromium. Usage: bash tools/bench_views.sh [DB]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
DB=${1:-housing_scale_${HOUSING_SCALE_SIZE:-25000}_${HOUSING_SCALE_MONTHS:-3}}
LOGINS=${HOUSING_VIEWS_LOGINS:-gestionnaire precontentieux}
psql -d "$DB" -tAc "SELECT 1" >/dev/null 2>&1 || { echo "[bench-views] no database $DB"; exit 1; }
PASSWORD=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(12))')
odoo shell -d "$DB" --log-level=warn --max-cron-threads=0 >/dev/null 2>&1 <<PYEOF
env["res.users"].search([("login", "in", "$LOGINS".split())]).write({"password": "$PASSWORD"})
env.cr.commit()
PYEOF
serve_db "$DB" "$ROOT/.build/bench-views-server.log"
open=$(psql -d "$DB" -tAc "SELECT count(*) FROM housing_arrears_case WHERE NOT is_closed")
echo "== The arrears cases in the browser ($DB, $open open cases) =="
for login in $LOGINS; do
    "$PY" "$ROOT/tools/bench_views.py" "http://127.0.0.1:$PORT" "$login" "$PASSWORD" 4
done
# the same browser on a list of Odoo's own (the customers, 80 rows): what the machine's browser costs anyway
first=${LOGINS%% *}
echo "  Odoo's customer list, the same browser and server (a baseline):"
HOUSING_VIEWS_ACTION=account.res_partner_action_customer HOUSING_VIEWS_VIEWS=list \
    "$PY" "$ROOT/tools/bench_views.py" "http://127.0.0.1:$PORT" "$first" "$PASSWORD" 4 | grep -v "target"
