#!/usr/bin/env bash
# `make test`: every test of every addon of the suite, with Odoo's test runner, on a fresh throw-away database.
# Prints `N passed, N failed` last; exits non-zero on a failed or broken test or on any ERROR line in the log.
# Variables: HOUSING_TEST_MODULES (addons to install and test, default: every addon of the suite),
# HOUSING_TEST_TAGS (Odoo --test-tags, default: those addons), HOUSING_KEEP_DB=1 (keep the database).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

MODULES=${HOUSING_TEST_MODULES:-$(suite_modules)}
DB=housing_test_$(date +%Y%m%d%H%M%S)_$$
LOG=$ROOT/.build/test.log
TAGS=${HOUSING_TEST_TAGS:-$(echo "$MODULES" | sed -E 's/(^|,)/\1\//g')}
mkdir -p "$ROOT/.build"
cleanup() { [ "${HOUSING_KEEP_DB:-0}" = 1 ] || dropdb --if-exists "$DB" >/dev/null 2>&1; }
trap cleanup EXIT

# a free port of this machine: the browser tests (HttpCase) need a real HTTP server, and parallel runs their own
PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo "[test] database $DB, modules $MODULES, tags $TAGS; log in .build/test.log"
start=$(date +%s)
"$PY" "$ROOT/tools/odoo_db.py" "$ADDONS_PATH" "$DATA_DIR" "$DB" --lang fr_FR --country FR > "$LOG" 2>&1 \
    || { tail -n 40 "$LOG"; echo "0 passed, 1 failed"; exit 1; }
odoo -d "$DB" -i "$MODULES" --stop-after-init --without-demo=all --log-level=info --max-cron-threads=0 >> "$LOG" 2>&1
rc=$?
# No autovacuum on the throw-away database, and no table left with the statistics of an empty one. The tests roll
# back what they write, and an autovacuum of a table whose rows all belong to open test transactions records 0 rows
# for its pages. The planner then estimates one row whatever the table holds, and the ledger's queries go nested-loop
# (measured on 04/12/2026: account_move_line vacuumed in the middle of the run, one test went from seconds to 7
# minutes). So: autovacuum off on every table, the statistics taken once, and the tables left empty with pages
# rewritten (VACUUM FULL: no pages, so the planner estimates from the size of what the tests write).
psql -d "$DB" -q >> "$LOG" 2>&1 <<'SQL'
DO $$
DECLARE t record;
BEGIN
    FOR t IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind = 'r' LOOP
        EXECUTE format('ALTER TABLE %s SET (autovacuum_enabled = false)', t.name);
    END LOOP;
END $$;
VACUUM ANALYZE;
SELECT format('VACUUM FULL %s', c.oid::regclass) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.reltuples = 0 AND c.relpages > 0 \gexec
SQL
# the post-install tests of the suite (every test of the suite is post_install)
odoo -d "$DB" --test-enable --test-tags "$TAGS" --stop-after-init --log-level=info --max-cron-threads=0 \
    --http-port="$PORT" >> "$LOG" 2>&1 || rc=$?

# Odoo prints "<F> failed, <E> error(s) of <N> tests when loading database ..." once at the end of a run
summary=$(grep -E "[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests" "$LOG" | tail -n 1)
failed=0; errors=0; total=0
if [ -n "$summary" ]; then
    read -r failed errors total < <(echo "$summary" | sed -E 's/.* ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\1 \2 \3/')
fi
error_lines=$(grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) " "$LOG" | grep -v "tests when loading database")
[ "$total" -gt 0 ] || { echo "[test] no test ran"; errors=$((errors + 1)); }
bad=$((failed + errors))
if [ -n "$error_lines" ]; then
    echo "[test] ERROR lines in the Odoo log:"
    echo "$error_lines" | head -n 40
    [ "$bad" -gt 0 ] || bad=1
fi
[ "$rc" -eq 0 ] || { echo "[test] Odoo exited with $rc"; [ "$bad" -gt 0 ] || bad=1; }
grep -E "odoo.tests.stats: " "$LOG" | sed -E 's/.*odoo.tests.stats: /[test] /'
echo "[test] $(( $(date +%s) - start )) s"
passed=$((total - failed - errors)); [ "$passed" -ge 0 ] || passed=0
echo "$passed passed, $bad failed"
[ "$bad" -eq 0 ]
