# Sourced by bench.sh and cron_check.sh: `ensure_portfolio DB SIZE MONTHS [AGENCIES] [PROFILES]` generates once, and
# keeps, a portfolio database of SIZE leases with MONTHS months of rent calls and payments (the generator of
# housing_demo, seed 7), with housing_arrears, housing_collection and OCA contract installed; its generation time is kept in the database
# (ir.config_parameter housing.demo.generated). PROFILES: how the households pay, JSON [[profile, share], ...].
portfolio_ready() {
    psql -d "$1" -tAc "SELECT value FROM ir_config_parameter WHERE key = 'housing.demo.generated'" 2>/dev/null | grep -q .
}
portfolio_info() {
    psql -d "$1" -tAc "SELECT value FROM ir_config_parameter WHERE key = 'housing.demo.generated'" 2>/dev/null
}
ensure_portfolio() {
    local db=$1 size=$2 months=$3 agencies=${4:-1} profiles=${5:-None} log=$ROOT/.build/portfolio_$1.log
    if portfolio_ready "$db"; then
        odoo -d "$db" -i housing_collection -u housing_arrears,housing_demo --stop-after-init --max-cron-threads=0 \
            --log-level=warn > "$log" 2>&1
        return 0
    fi
    echo "[portfolio] generating $db ($size leases, $months months, $agencies agencies); log in .build/portfolio_$db.log"
    dropdb --if-exists "$db" >/dev/null 2>&1 || true
    "$PY" "$ROOT/tools/odoo_db.py" "$ADDONS_PATH" "$DATA_DIR" "$db" --lang fr_FR --country FR > "$log" 2>&1
    # the generator lives in housing_demo, which no production database installs; HOUSING_DEMO=1 lets it run
    odoo -d "$db" -i housing_arrears,housing_collection,housing_demo,contract --stop-after-init --without-demo=all \
        --max-cron-threads=0 --log-level=warn >> "$log" 2>&1
    HOUSING_DEMO=1 odoo shell -d "$db" --log-level=info --max-cron-threads=0 >> "$log" 2>&1 <<PYEOF
import time
start = time.perf_counter()
env["housing.demo.portfolio"].generate(size=$size, seed=7, months=$months, agencies=$agencies, profiles=$profiles)
env["ir.config_parameter"].set_param(
    "housing.demo.generated",
    f"size=$size months=$months agencies=$agencies generated in {time.perf_counter() - start:.0f} s",
)
env.cr.commit()
PYEOF
    portfolio_ready "$db" || { echo "[portfolio] generation of $db failed, see $log"; tail -n 30 "$log"; return 1; }
    echo "[portfolio] $db: $(portfolio_info "$db")"
}
# `extend_portfolio DB SIZE AGENCIES [PROFILES]`: SIZE more leases in AGENCIES new agencies of a portfolio database,
# with the same months of history (housing.demo.portfolio.extend), once: what was added is kept in the database
# (ir.config_parameter housing.demo.extended).
extend_portfolio() {
    local db=$1 size=$2 agencies=$3 profiles=${4:-None} log=$ROOT/.build/portfolio_$1.log
    local done
    done=$(psql -d "$db" -tAc "SELECT value FROM ir_config_parameter WHERE key = 'housing.demo.extended'" 2>/dev/null)
    if [ -n "$done" ]; then
        echo "[portfolio] $db: extended before ($done)"
        return 0
    fi
    echo "[portfolio] extending $db with $size leases in $agencies agencies; log in .build/portfolio_$db.log"
    HOUSING_DEMO=1 odoo shell -d "$db" --log-level=info --max-cron-threads=0 >> "$log" 2>&1 <<PYEOF
import time
start = time.perf_counter()
env["housing.demo.portfolio"].extend(size=$size, agencies=$agencies, profiles=$profiles)
env["ir.config_parameter"].set_param(
    "housing.demo.extended", f"size=$size agencies=$agencies extended in {time.perf_counter() - start:.0f} s"
)
env.cr.commit()
PYEOF
    psql -d "$db" -tAc "SELECT value FROM ir_config_parameter WHERE key = 'housing.demo.extended'" | grep -q . \
        || { echo "[portfolio] extension of $db failed, see $log"; tail -n 30 "$log"; return 1; }
}
