#!/usr/bin/env bash
# Set-up of the housing suite, idempotent: a second run only checks and returns within seconds.
#
#  1. Debian packages that are missing (PostgreSQL server, build libraries), when we may install them;
#  2. PostgreSQL started, with a superuser role named after the current system user;
#  3. Odoo 18.0 source copied into the cache (from $ODOO_SRC, else Odoo's official 18.0 archive);
#  4. a virtualenv in the cache with Odoo (editable, compat mode) and the suite's Python dependencies;
#  5. an addons folder owned by the set-up that links this clone as `housing_social`.
#
# Variables: HOUSING_CACHE (default ~/.cache/housing-social), ODOO_SRC (an Odoo 18.0 source tree),
# HOUSING_PYTHON (default python3.11, else python3), ODOO_ARCHIVE_URL (the fallback archive).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${HOUSING_CACHE:-$HOME/.cache/housing-social}
VENV=$CACHE/venv
SRC=$CACHE/odoo-src
ODOO_ARCHIVE_URL=${ODOO_ARCHIVE_URL:-https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz}
STAMP_VERSION=3

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else return 1
    fi
}

as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"
    elif [ "$(id -un)" = postgres ]; then sh -c "$*"
    else sudo -u postgres sh -c "$*"
    fi
}

# --- 1. Debian packages -------------------------------------------------------------------------
DEB_PACKAGES="postgresql postgresql-client libpq-dev libldap2-dev libsasl2-dev libxml2-dev libxslt1-dev
libjpeg-dev zlib1g-dev libffi-dev build-essential python3-venv gettext wkhtmltopdf chromium"
missing=""
if command -v dpkg-query >/dev/null 2>&1; then
    for pkg in $DEB_PACKAGES; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing="$missing $pkg"
    done
fi
if [ -n "$missing" ]; then
    say "installing Debian packages:$missing"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
        && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null \
        || die "could not install$missing; install them by hand and run again"
fi

# --- 2. PostgreSQL ------------------------------------------------------------------------------
if command -v pg_lsclusters >/dev/null 2>&1; then
    if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
        cluster=$(pg_lsclusters -h | head -n1 | awk '{print $1" "$2}')
        [ -n "$cluster" ] || die "no PostgreSQL cluster: create one with pg_createcluster"
        say "starting PostgreSQL cluster $cluster"
        # shellcheck disable=SC2086
        as_root pg_ctlcluster $cluster start || die "could not start PostgreSQL ($cluster)"
    fi
fi
for _ in 1 2 3 4 5 6 7 8 9 10; do
    as_postgres "psql -tAc 'SELECT 1'" >/dev/null 2>&1 && break
    sleep 1
done
DB_USER=$(id -un)
if ! as_postgres "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$DB_USER'\"" | grep -q 1; then
    say "creating PostgreSQL role $DB_USER"
    as_postgres "createuser --superuser '$DB_USER'"
fi

# --- 3. Odoo source -----------------------------------------------------------------------------
mkdir -p "$CACHE"
src_ok() { [ -f "$1/odoo/release.py" ] && [ -f "$1/setup.py" ] && [ -d "$1/odoo/addons/account" ] \
    && grep -q "version_info = (18, 0" "$1/odoo/release.py"; }
if [ -n "${ODOO_SRC:-}" ]; then
    src_ok "$ODOO_SRC" || die "ODOO_SRC=$ODOO_SRC is not an Odoo 18.0 source tree (odoo/release.py, setup.py)"
    # copy it when the cache has none, or another one (compared on the release file and the addons list)
    sig() { (cat "$1/odoo/release.py"; ls "$1/odoo/addons") | md5sum | cut -d' ' -f1; }
    if ! src_ok "$SRC" || [ "$(sig "$ODOO_SRC")" != "$(sig "$SRC")" ]; then
        say "copying the Odoo source from ODOO_SRC into $SRC"
        rm -rf "$SRC.tmp" && mkdir -p "$SRC.tmp"
        (cd "$ODOO_SRC" && tar cf - --exclude=.git --exclude='__pycache__' odoo setup.py setup.cfg requirements.txt \
            $(ls -d odoo-bin setup MANIFEST.in LICENSE 2>/dev/null)) | (cd "$SRC.tmp" && tar xf -)
        rm -rf "$SRC" && mv "$SRC.tmp" "$SRC"
        rm -f "$VENV/.housing-stamp"
    fi
elif ! src_ok "$SRC"; then
    say "downloading Odoo 18.0 from $ODOO_ARCHIVE_URL"
    rm -rf "$SRC.tmp" && mkdir -p "$SRC.tmp"
    curl -fsSL "$ODOO_ARCHIVE_URL" | tar xz -C "$SRC.tmp" --strip-components=1 \
        || die "could not download Odoo: set ODOO_SRC to an Odoo 18.0 source tree"
    rm -rf "$SRC" && mv "$SRC.tmp" "$SRC"
    rm -f "$VENV/.housing-stamp"
fi

# --- 4. virtualenv ------------------------------------------------------------------------------
PY=${HOUSING_PYTHON:-$(command -v python3.11 || command -v python3)}
stamp=$( (echo "$STAMP_VERSION"; cat "$SRC/requirements.txt" "$ROOT/requirements.txt" "$ROOT/requirements-dev.txt") \
    | md5sum | cut -d' ' -f1)
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$VENV/.housing-stamp" 2>/dev/null)" != "$stamp" ]; then
    say "building the virtualenv $VENV (a few minutes the first time)"
    [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
    pip() { "$VENV/bin/python" -m pip --disable-pip-version-check -q "$@"; }
    pip install 'setuptools<70' wheel
    # Odoo's pins, with the one that does not build on Python 3.11 replaced
    sed -e 's/^cbor2==5\.4\.2.*/cbor2==5.6.2/' "$SRC/requirements.txt" > "$CACHE/odoo-requirements.txt"
    pip install --no-build-isolation -r "$CACHE/odoo-requirements.txt"
    # compat mode: a plain editable install would let the odoo/addons folder of OCA wheels shadow Odoo's
    pip install --no-deps --no-build-isolation --use-pep517 --config-settings editable_mode=compat -e "$SRC"
    pip install --no-build-isolation -r "$ROOT/requirements.txt" -r "$ROOT/requirements-dev.txt"
    "$VENV/bin/python" -c "import odoo.release as r; assert r.version_info[:2] == (18, 0), r.version" \
        || die "the virtualenv does not import Odoo 18.0"
    echo "$stamp" > "$VENV/.housing-stamp"
fi

# --- 5. addons folder that names this clone housing_social --------------------------------------
source "$ROOT/tools/common.sh"
mkdir -p "$LINK_DIR" "$ROOT/.build"
ln -sfn "$ROOT" "$LINK_DIR/housing_social"
rm -rf "$ROOT/.build/addons"  # older set-ups kept the link in the clone
say "ready: Odoo $("$VENV/bin/python" -c 'import odoo.release as r; print(r.version)') in $VENV"
