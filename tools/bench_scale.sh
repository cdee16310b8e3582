#!/usr/bin/env bash
# `make bench-scale`: the landlord of 25,000 dwellings in 8 agencies (HOUSING_SCALE_SIZE, HOUSING_SCALE_AGENCIES),
# with HOUSING_SCALE_MONTHS months of history (default 3) and more households in arrears than the bench portfolio
# (about a third), so that some 8,000 cases are open: the rent call, the nightly jobs and the arrears cases in the
# browser at that size. Generated once and kept (an hour or more on 2 cores), then measured like `make bench`.
# HOUSING_SCALE_PROFILES: how the households pay (JSON [[profile, share], ...]); HOUSING_SCALE_MODE=cases measures
# the nightly jobs and the case views only (the rent call and its baselines left out). Then the case views in headless
# Chromium (tools/bench_views.sh). HOUSING_SCALE_EXTRA (and HOUSING_SCALE_EXTRA_AGENCIES, default 1): that many more
# leases added once to the kept database in new agencies (more open cases without generating everything again).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$ROOT/tools/portfolio.sh"
SIZE=${HOUSING_SCALE_SIZE:-25000}
AGENCIES=${HOUSING_SCALE_AGENCIES:-8}
MONTHS=${HOUSING_SCALE_MONTHS:-3}
DB=housing_scale_${SIZE}_${MONTHS}
LOG=$ROOT/.build/bench_scale.log
mkdir -p "$ROOT/.build"
: > "$LOG"
PROFILES=${HOUSING_SCALE_PROFILES:-'[("on_time", 0.55), ("late", 0.12), ("partial", 0.08), ("stopper", 0.20), ("departed", 0.05)]'}
ensure_portfolio "$DB" "$SIZE" "$MONTHS" "$AGENCIES" "$PROFILES"
if [ -n "${HOUSING_SCALE_EXTRA:-}" ]; then
    extend_portfolio "$DB" "$HOUSING_SCALE_EXTRA" "${HOUSING_SCALE_EXTRA_AGENCIES:-1}" "$PROFILES"
fi
echo "== Portfolio =="
echo "  $DB: $(portfolio_info "$DB")"
extended=$(psql -d "$DB" -tAc "SELECT value FROM ir_config_parameter WHERE key = 'housing.demo.extended'")
[ -z "$extended" ] || echo "  extended: $extended"
HOUSING_BENCH_MODE=${HOUSING_SCALE_MODE:-} odoo shell -d "$DB" --log-level=warn --max-cron-threads=0 < "$ROOT/tools/bench.py" 2>> "$LOG" | grep -v "security risk"
# the case kanban and list in the browser, from the navigation to the records on the screen
bash "$ROOT/tools/bench_views.sh" "$DB"
