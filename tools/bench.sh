#!/usr/bin/env bash
# `make bench`: performance figures, each printed as a ratio against a baseline measured in the same run.
# The portfolio database (HOUSING_BENCH_SIZE leases, default 2800, with HOUSING_BENCH_MONTHS months of rent calls
# and payments, default 12) is generated once and kept as housing_bench_<size>_<months>; generating 2,800 leases
# with 12 months of history takes over an hour the first time on 2 cores (80 minutes measured).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
SIZE=${HOUSING_BENCH_SIZE:-2800}
MONTHS=${HOUSING_BENCH_MONTHS:-12}
DB=housing_bench_${SIZE}_${MONTHS}
LOG=$ROOT/.build/bench.log
mkdir -p "$ROOT/.build"
ready() {
    psql -d "$DB" -tAc "SELECT value FROM ir_config_parameter WHERE key = 'housing.demo.generated'" 2>/dev/null | grep -q .
}
if ! ready; then
    echo "[bench] generating $DB ($SIZE leases, $MONTHS months): once, this takes a while; log in .build/bench.log"
    dropdb --if-exists "$DB" >/dev/null 2>&1 || true
    "$PY" "$ROOT/tools/odoo_db.py" "$ADDONS_PATH" "$DATA_DIR" "$DB" --lang fr_FR --country FR > "$LOG" 2>&1
    # the generator lives in housing_demo, which no production database installs; HOUSING_DEMO=1 lets it run
    odoo -d "$DB" -i housing_arrears,housing_demo,contract --stop-after-init --without-demo=all --max-cron-threads=0 \
        --log-level=warn >> "$LOG" 2>&1
    HOUSING_DEMO=1 odoo shell -d "$DB" --log-level=info --max-cron-threads=0 >> "$LOG" 2>&1 <<PYEOF
env["housing.demo.portfolio"].generate(size=$SIZE, seed=7, months=$MONTHS)
env["ir.config_parameter"].set_param("housing.demo.generated", "size=$SIZE months=$MONTHS")
env.cr.commit()
PYEOF
    ready || { echo "[bench] generation failed, see .build/bench.log"; tail -n 30 "$LOG"; exit 1; }
else
    odoo -d "$DB" -u housing_arrears --stop-after-init --max-cron-threads=0 --log-level=warn >> "$LOG" 2>&1
fi
odoo shell -d "$DB" --log-level=warn --max-cron-threads=0 < "$ROOT/tools/bench.py" 2>> "$LOG" | grep -v "security risk"
