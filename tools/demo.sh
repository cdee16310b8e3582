#!/usr/bin/env bash
# `make demo`: the demo database (created once, in French, with the French chart of accounts and the generated
# portfolio), then Odoo served on http://localhost:$HOUSING_PORT.
# Variables: HOUSING_DEMO_DB (housing_demo), HOUSING_DEMO_SIZE (300 leases), HOUSING_DEMO_SEED (42),
# HOUSING_DEMO_MONTHS (12), HOUSING_PORT (8069), HOUSING_DEMO_PASSWORD (one password for every demo login; default:
# a random one each, written to .build/demo-logins.txt and printed).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
DB=${HOUSING_DEMO_DB:-housing_demo}
SIZE=${HOUSING_DEMO_SIZE:-300}
SEED=${HOUSING_DEMO_SEED:-42}
MONTHS=${HOUSING_DEMO_MONTHS:-12}
PORT=${HOUSING_PORT:-8069}
LOG=$ROOT/.build/demo.log
LOGINS=$ROOT/.build/demo-logins.txt
mkdir -p "$ROOT/.build"

ready() {
    psql -d "$DB" -tAc "SELECT value FROM ir_config_parameter WHERE key = 'housing.demo.generated'" 2>/dev/null | grep -q .
}

if ! ready; then
    echo "[demo] building the database $DB ($SIZE leases, $MONTHS months of history, seed $SEED): a few minutes"
    dropdb --if-exists "$DB" >/dev/null 2>&1 || true
    admin_password=${HOUSING_DEMO_PASSWORD:-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(12))')}
    "$PY" "$ROOT/tools/odoo_db.py" "$ADDONS_PATH" "$DATA_DIR" "$DB" --lang fr_FR --country FR \
        --password "$admin_password" > "$LOG" 2>&1
    # the suite, and the generator's addon (housing_demo, which a production database never installs)
    odoo -d "$DB" -i "$(suite_modules)" --stop-after-init --without-demo=all --max-cron-threads=0 \
        --log-level=warn >> "$LOG" 2>&1
    (umask 077 && printf '    %-15s %s\n' admin "$admin_password" > "$LOGINS")
    HOUSING_DEMO=1 HOUSING_DEMO_LOGINS="$LOGINS" odoo shell -d "$DB" --log-level=info --max-cron-threads=0 \
        >> "$LOG" 2>&1 <<PYEOF
import os
env.company.write({"name": "Habitat Nord-Isère (démo)", "street": "2 place des Fontaines", "zip": "38090", "city": "Villefontaine"})
result = env["housing.demo.portfolio"].generate(size=$SIZE, seed=$SEED, months=$MONTHS)
# the collection: mandates on half the leases, debit orders, a bank statement imported and matched, a rejected debit
if "housing.collection.demo" in env:
    env["housing.collection.demo"]._generate(seed=$SEED)
with open(os.environ["HOUSING_DEMO_LOGINS"], "a") as logins:
    for login, password in sorted(result["passwords"].items()):
        logins.write(f"    {login:15} {password}\n")
env["ir.config_parameter"].set_param("housing.demo.generated", "size=$SIZE seed=$SEED months=$MONTHS")
env.cr.commit()
PYEOF
    ready || { echo "[demo] the generation failed, see .build/demo.log"; tail -n 30 "$LOG"; exit 1; }
fi

# HOUSING_DEMO_NO_SERVE=1: the database only (tools/screenshots.sh serves it itself)
[ "${HOUSING_DEMO_NO_SERVE:-0}" = 1 ] && exit 0
cat <<TXT
[demo] database $DB ready: $(psql -d "$DB" -tAc "SELECT value FROM ir_config_parameter WHERE key = 'housing.demo.generated'")
[demo] Odoo on http://localhost:$PORT  (Ctrl-C to stop)
[demo] logins (what each one sees: README.rst, "Demo logins"):
    admin           administrator, arrears manager and CESF manager
    gestionnaire    arrears manager: every agency, rent calls, settings
    precontentieux  pre-litigation officer of the five sectors
    contentieux     litigation officer of the five sectors
    cesf1 .. cesf5  CESF, prevention officers of the five sectors (social follow-ups)
    agence          agency back-office, read only
    comptable       accountant (Invoicing / Accounting)
    insertion       insertion officer (candidates, hires, hours)
    achats          procurement officer (purchase orders and their insertion clauses)
[demo] passwords (.build/demo-logins.txt):
TXT
if [ -f "$LOGINS" ]; then
    cat "$LOGINS"
else
    echo "    (no .build/demo-logins.txt: this database was built before the passwords were random; rebuild it with"
    echo "    dropdb $DB && make demo)"
fi
exec "$PY" "$SRC/odoo-bin" --addons-path="$ADDONS_PATH" --data-dir="$DATA_DIR" -d "$DB" --db-filter="^$DB\$" \
    --http-port="$PORT" --max-cron-threads=1 --log-level=warn
