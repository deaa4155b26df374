# Sourced by scripts/test: install (when missing) and start the real components
# the tests use. Debian packages through apt-get; nothing is mocked.
#   PostgreSQL: a throwaway cluster on 127.0.0.1:$HEELRAISE_PG_PORT, exported as
#               HEELRAISE_TEST_POSTGRES_URL and stopped when the tests end.
#   Chromium:   /usr/bin/chromium for the browser tests (Playwright drives it),
#               with iproute2 and openssl for the HTTPS clinic test (a network
#               namespace of its own, a self-signed certificate).
#   PDF:        the system libraries WeasyPrint loads (Pango ≥ 1.44 with its FreeType
#               backend, HarfBuzz's subsetter, fontconfig) and a font, for the PDF
#               report; poppler-utils (pdftoppm) to turn a report page into a PNG.

HEELRAISE_PG_PORT=${HEELRAISE_PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
_apt_updated=""

_apt_install() {
    if [ "$(id -u)" != "0" ]; then
        echo "services: need root to apt-get install $*; skipping" >&2
        return 1
    fi
    if [ -z "$_apt_updated" ]; then
        apt-get update -qq >/dev/null
        _apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_postgres() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
        _apt_install postgresql || return 1
        bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    local data owner
    data=$(mktemp -d /tmp/heelraise-pg.XXXXXX)
    owner=$(id -un)
    if [ "$(id -u)" = "0" ]; then
        owner=postgres
        chown postgres "$data"
    fi
    _as_owner() { if [ "$owner" = "$(id -un)" ]; then "$@"; else runuser -u "$owner" -- "$@"; fi; }
    _as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust >/dev/null
    _as_owner "$bin/pg_ctl" -D "$data" -l "$data/log" -w \
        -o "-p $HEELRAISE_PG_PORT -k $data -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    "$bin/psql" -h 127.0.0.1 -p "$HEELRAISE_PG_PORT" -U postgres -qc "CREATE DATABASE heelraise_test" >/dev/null
    export HEELRAISE_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$HEELRAISE_PG_PORT/heelraise_test"
    HEELRAISE_PG_STOP="$bin/pg_ctl -D $data -m fast stop"
    HEELRAISE_PG_OWNER=$owner
    trap 'stop_postgres' EXIT
}

stop_postgres() {
    if [ -n "${HEELRAISE_PG_STOP:-}" ]; then
        if [ "$HEELRAISE_PG_OWNER" = "$(id -un)" ]; then
            $HEELRAISE_PG_STOP >/dev/null 2>&1 || true
        else
            runuser -u "$HEELRAISE_PG_OWNER" -- $HEELRAISE_PG_STOP >/dev/null 2>&1 || true
        fi
    fi
}

ensure_chromium() {
    if [ ! -x /usr/bin/chromium ]; then
        _apt_install chromium fonts-dejavu-core || return 1
    fi
    if ! command -v ip >/dev/null || ! command -v openssl >/dev/null; then
        _apt_install iproute2 openssl || return 1
    fi
    export HEELRAISE_CHROMIUM=/usr/bin/chromium
}

# The shared libraries WeasyPrint opens at run time (its "First steps" page lists them
# by soname); the Debian packages that ship them (GLib comes with Pango).
_PDF_LIBS="libgobject-2.0.so.0 libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz.so.0 libharfbuzz-subset.so.0 libfontconfig.so.1"
_PDF_PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 fonts-dejavu-core poppler-utils"

ensure_pdf_libs() {
    local lib missing=""
    for lib in $_PDF_LIBS; do
        if ! ldconfig -p 2>/dev/null | grep -q "$lib"; then
            missing=1
        fi
    done
    if [ -n "$missing" ] || ! command -v pdftoppm >/dev/null || [ ! -d /usr/share/fonts/truetype/dejavu ]; then
        # shellcheck disable=SC2086  # a list of package names
        _apt_install $_PDF_PACKAGES || return 1
    fi
}
