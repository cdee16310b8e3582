#!/usr/bin/env bash
# `make cron-check [HOUSING_CRON_DB=...]`: the rent call, the detection and the plan monitor under --workers=2 with
# --limit-time-real-cron set to half the time each takes in one transaction, and a SIGKILL of the cron worker in
# the middle (tools/cron_check.py), on copies of a portfolio database (default: the 2,800-lease bench portfolio,
# generated once by tools/portfolio.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$ROOT/tools/portfolio.sh"
mkdir -p "$ROOT/.build"
DB=${1:-${HOUSING_CRON_DB:-housing_bench_${HOUSING_BENCH_SIZE:-2800}_${HOUSING_BENCH_MONTHS:-12}}}
if ! portfolio_ready "$DB"; then
    ensure_portfolio "$DB" "${HOUSING_BENCH_SIZE:-2800}" "${HOUSING_BENCH_MONTHS:-12}"
fi
HOUSING_ODOO_BIN=$SRC/odoo-bin HOUSING_ADDONS_PATH=$ADDONS_PATH HOUSING_DATA_DIR=$DATA_DIR \
    "$PY" "$ROOT/tools/cron_check.py" "$DB" "${@:2}"
