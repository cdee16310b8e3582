# Sourced by the tools: where things are, and how to call Odoo. Nothing here is machine-specific.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${HOUSING_CACHE:-$HOME/.cache/housing-social}
VENV=$CACHE/venv
SRC=$CACHE/odoo-src
DATA_DIR=$CACHE/data
PY=$VENV/bin/python
# the addons folder, owned by the set-up, that links this clone as housing_social: in the cache, one per clone
# (inside the clone, the link would make a loop for the tools that walk the tree)
LINK_DIR=$CACHE/addons/$(printf '%s' "$ROOT" | md5sum | cut -c1-12)
# Odoo's addons, that folder, and the clone's own addons
ADDONS_PATH=$SRC/odoo/addons,$LINK_DIR,$ROOT
# housing_demo (the generator of make demo and make bench) is tested and installed by the tools, never a dependency
# of housing_social: a production database installs housing_social only
SUITE_MODULES=housing_arrears,housing_collection,housing_cesf,housing_insertion,housing_letters,housing_social,housing_arrears_queue_job,housing_letters_queue_job,housing_demo
# only the addons of the suite that exist in this checkout
suite_modules() {
    local m out=""
    for m in ${SUITE_MODULES//,/ }; do
        if [ "$m" = housing_social ] || [ -f "$ROOT/$m/__manifest__.py" ]; then out="$out${out:+,}$m"; fi
    done
    echo "$out"
}
# odoo [shell|...] [options]: Odoo with the suite's addons path (a sub-command must come first)
odoo() {
    local cmd=()
    case "${1:-}" in shell|db|populate|neutralize|cloc) cmd=("$1"); shift ;; esac
    "$PY" "$SRC/odoo-bin" "${cmd[@]}" --addons-path="$ADDONS_PATH" --data-dir="$DATA_DIR" "$@"
}
# serve_db DB LOG: DB served by Odoo's threaded server (no cron) on a free port, in PORT, until the calling script
# exits; returns once the login page answers. Its own process id is killed (`odoo ... &` would leave the server
# running when only its subshell is killed). The threaded server serves the web client's websocket on the same port.
serve_db() {
    PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "$PY" "$SRC/odoo-bin" --addons-path="$ADDONS_PATH" --data-dir="$DATA_DIR" -d "$1" --db-filter="^$1\$" \
        --http-port="$PORT" --max-cron-threads=0 --log-level=warn > "$2" 2>&1 &
    SERVER_PID=$!
    trap 'kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null || true' EXIT
    local _try
    for _try in $(seq 1 120); do
        curl -sf -o /dev/null "http://127.0.0.1:$PORT/web/login" && return 0
        sleep 1
    done
}
