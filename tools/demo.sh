#!/usr/bin/env bash
# `make demo`: the demo database (created once, in French, with the French chart of accounts and the generated
# portfolio), then Odoo served on http://localhost:$HOUSING_PORT.
# Variables: HOUSING_DEMO_DB (housing_demo), HOUSING_DEMO_SIZE (300 leases), HOUSING_DEMO_SEED (42),
# HOUSING_DEMO_MONTHS (12), HOUSING_PORT (8069).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
DB=${HOUSING_DEMO_DB:-housing_demo}
SIZE=${HOUSING_DEMO_SIZE:-300}
SEED=${HOUSING_DEMO_SEED:-42}
MONTHS=${HOUSING_DEMO_MONTHS:-12}
PORT=${HOUSING_PORT:-8069}
LOG=$ROOT/.build/demo.log
mkdir -p "$ROOT/.build"

ready() {
    psql -d "$DB" -tAc "SELECT value FROM ir_config_parameter WHERE key = 'housing.demo.generated'" 2>/dev/null | grep -q .
}

if ! ready; then
    echo "[demo] building the database $DB ($SIZE leases, $MONTHS months of history, seed $SEED): a few minutes"
    dropdb --if-exists "$DB" >/dev/null 2>&1 || true
    "$PY" "$ROOT/tools/odoo_db.py" "$ADDONS_PATH" "$DATA_DIR" "$DB" --lang fr_FR --country FR > "$LOG" 2>&1
    odoo -d "$DB" -i "$(suite_modules)" --stop-after-init --without-demo=all --max-cron-threads=0 \
        --log-level=warn >> "$LOG" 2>&1
    odoo shell -d "$DB" --log-level=info --max-cron-threads=0 >> "$LOG" 2>&1 <<PYEOF
env.company.write({"name": "Habitat Nord-Isère (démo)", "street": "2 place des Fontaines", "zip": "38090", "city": "Villefontaine"})
env["housing.demo.portfolio"].generate(size=$SIZE, seed=$SEED, months=$MONTHS)
env["ir.config_parameter"].set_param("housing.demo.generated", "size=$SIZE seed=$SEED months=$MONTHS")
env.cr.commit()
PYEOF
    ready || { echo "[demo] the generation failed, see .build/demo.log"; tail -n 30 "$LOG"; exit 1; }
fi

cat <<TXT
[demo] database $DB ready: $(psql -d "$DB" -tAc "SELECT value FROM ir_config_parameter WHERE key = 'housing.demo.generated'")
[demo] Odoo on http://localhost:$PORT  (Ctrl-C to stop)
[demo] logins (password = login):
    admin           administrator, arrears manager (password: admin)
    gestionnaire    arrears manager: every agency, rent calls, settings
    precontentieux  pre-litigation officer of the five sectors
    contentieux     litigation officer of the five sectors
    cesf1 .. cesf5  CESF, prevention officers of the five sectors (social follow-ups)
    agence          agency back-office, read only
    comptable       accountant (Invoicing / Accounting)
    insertion       insertion officer (candidates, hires, hours)
    achats          procurement officer (purchase orders and their insertion clauses)
TXT
exec "$PY" "$SRC/odoo-bin" --addons-path="$ADDONS_PATH" --data-dir="$DATA_DIR" -d "$DB" --db-filter="^$DB\$" \
    --http-port="$PORT" --max-cron-threads=1 --log-level=warn
