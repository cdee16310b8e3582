#!/usr/bin/env bash
# `make bench`: performance figures, each printed as a ratio against a baseline measured in the same run, on two
# portfolio databases generated once and kept (tools/portfolio.sh): HOUSING_BENCH_SMALL leases (default 300) and
# HOUSING_BENCH_SIZE leases (default 2800, the source agency), with HOUSING_BENCH_MONTHS months of history
# (default 12). Then the scheduled jobs under the production limits (tools/cron_check.py), on copies of the large
# one, and the figures of the other parts of the suite when their scripts are there.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$ROOT/tools/portfolio.sh"
SMALL_SIZE=${HOUSING_BENCH_SMALL:-300}
SIZE=${HOUSING_BENCH_SIZE:-2800}
MONTHS=${HOUSING_BENCH_MONTHS:-12}
SMALL=housing_bench_${SMALL_SIZE}_${MONTHS}
LARGE=housing_bench_${SIZE}_${MONTHS}
LOG=$ROOT/.build/bench.log
mkdir -p "$ROOT/.build"
: > "$LOG"
ensure_portfolio "$SMALL" "$SMALL_SIZE" "$MONTHS"
ensure_portfolio "$LARGE" "$SIZE" "$MONTHS"
echo "== Portfolios =="
echo "  $SMALL: $(portfolio_info "$SMALL")"
echo "  $LARGE: $(portfolio_info "$LARGE")"
small=$(HOUSING_BENCH_MODE=small odoo shell -d "$SMALL" --log-level=warn --max-cron-threads=0 \
    < "$ROOT/tools/bench.py" 2>> "$LOG" | grep '^@@SMALL@@' | sed 's/^@@SMALL@@//')
HOUSING_BENCH_SMALL="$small" odoo shell -d "$LARGE" --log-level=warn --max-cron-threads=0 \
    < "$ROOT/tools/bench.py" 2>> "$LOG" | grep -v "security risk"
# the numbering of the invoices late in the year: the December call billed again, Odoo's numbering against the batch's
odoo shell -d "$SMALL" --log-level=warn --max-cron-threads=0 < "$ROOT/tools/bench_numbering.py" 2>> "$LOG" \
    | grep -v "security risk"
# rent collection: a standalone script (its own Odoo registry), run on the large portfolio
HOUSING_CACHE=$CACHE "$PY" "$ROOT/tools/bench_collection.py" "$LARGE" --lines 3000 2>> "$LOG" | grep -v "security risk"
for script in bench_letters bench_import; do
    if [ -f "$ROOT/tools/$script.py" ]; then
        HOUSING_DEMO=1 odoo shell -d "$LARGE" --log-level=warn --max-cron-threads=0 \
            < "$ROOT/tools/$script.py" 2>> "$LOG" | grep -v "security risk"
    fi
done
bash "$ROOT/tools/cron_check.sh" "$LARGE"
