#!/usr/bin/env bash
# Makes sure everything Kassa's tests need is installed and running on this machine
# (Debian 12): PostgreSQL on 127.0.0.1:5432 (trust auth for user postgres), Redis on
# 127.0.0.1:6379, the server binaries the TLS tests start privately, Node.js with npm, and
# /usr/bin/chromium for the browser tests, and HAProxy for the balancer and chaos tests.
#
# Idempotent: whatever already works is left alone. Missing pieces are installed with
# apt-get and started without systemd. Prints one line for each thing it checked or did.
set -euo pipefail

say() { printf 'services: %s\n' "$*"; }
die() { printf 'services: error: %s\n' "$*" >&2; exit 1; }

# shellcheck source=scripts/as-root.sh
source "$(dirname "${BASH_SOURCE[0]}")/as-root.sh"

APT_UPDATED=0
apt_install() {
    if [ "$APT_UPDATED" -eq 0 ]; then
        say "apt-get update"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        APT_UPDATED=1
    fi
    say "apt-get install $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

pg_up() { command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; }
redis_up() { command -v redis-cli >/dev/null 2>&1 && [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = PONG ]; }

# Waits up to $2 seconds for the check $1 to succeed.
wait_for() {
    local check=$1 seconds=$2 i
    for ((i = 0; i < seconds * 2; i++)); do
        if "$check"; then return 0; fi
        sleep 0.5
    done
    return 1
}

# The newest PostgreSQL cluster version under /etc/postgresql, if any.
pg_version() {
    if [ -d /etc/postgresql ]; then
        find /etc/postgresql -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort -V | tail -n 1
    fi
}

# --- PostgreSQL -------------------------------------------------------------------------
if pg_up; then
    say "PostgreSQL: already running on 127.0.0.1:5432"
else
    fresh=0
    if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(pg_version)" ]; then
        apt_install postgresql
        fresh=1
    fi
    version=$(pg_version)
    if [ -z "$version" ]; then
        # The package is there but no cluster was created (e.g. create_main_cluster=false).
        version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort -V | tail -n 1)
        [ -n "$version" ] || die "PostgreSQL is installed but no server version was found"
        say "PostgreSQL: creating cluster $version/main"
        as_root pg_createcluster "$version" main
        fresh=1
    fi
    hba=/etc/postgresql/$version/main/pg_hba.conf
    if [ "$fresh" -eq 1 ]; then
        # pg_hba.conf is first-match: put trust for user postgres over local TCP (and the
        # Unix socket) above Debian's peer / scram-sha-256 defaults.
        say "PostgreSQL: trust auth for user postgres on 127.0.0.1, ::1 and the local socket ($hba)"
        tmp=$(mktemp)
        {
            echo '# Added by scripts/services.sh: Kassa development and CI use trust auth.'
            echo 'local   all   postgres                 trust'
            echo 'host    all   postgres   127.0.0.1/32  trust'
            echo 'host    all   postgres   ::1/128       trust'
            as_root cat "$hba"
        } >"$tmp"
        as_root cp "$tmp" "$hba"
        rm -f "$tmp"
    fi
    say "PostgreSQL: starting cluster $version/main"
    # "already running" (e.g. still starting up) is not an error here: the wait decides.
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start ||
        say "PostgreSQL: pg_ctlcluster start returned non-zero; waiting for it anyway"
    if [ "$fresh" -eq 1 ]; then
        # A cluster started before pg_hba.conf changed (by the package's postinst) must reload.
        as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload || true
    fi
fi

# --- Redis ------------------------------------------------------------------------------
if redis_up; then
    say "Redis: already running on 127.0.0.1:6379"
else
    if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
        apt_install redis-server
    fi
    # The package's postinst may have started it already.
    if redis_up; then
        say "Redis: started by its package"
    else
        say "Redis: starting redis-server on 127.0.0.1:6379"
        as_root mkdir -p /var/lib/redis /var/log/redis
        as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" \
            --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
    fi
fi

# --- Wait until both answer ---------------------------------------------------------------
wait_for pg_up 60 || die "PostgreSQL does not answer on 127.0.0.1:5432 (see /var/log/postgresql/)"
psql_ok() { psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -Atqc 'SELECT 1' >/dev/null 2>&1; }
if command -v psql >/dev/null 2>&1 && ! wait_for psql_ok 10; then
    die "PostgreSQL answers but user postgres cannot connect over TCP without a password; \
allow it in pg_hba.conf: host all postgres 127.0.0.1/32 trust"
fi
say "PostgreSQL: ready (user postgres, trust auth)"
wait_for redis_up 30 || die "Redis does not answer on 127.0.0.1:6379 (see /var/log/redis/ci.log)"
say "Redis: ready"

# --- For the TLS tests (tests/api/tls.rs) ---------------------------------------------------
# They start a private PostgreSQL (initdb and postgres from /usr/lib/postgresql/*/bin, run
# as the `postgres` OS user) and a private TLS-only redis-server; their certificates are
# made in Rust (rcgen), so no openssl CLI is needed.
if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && id postgres >/dev/null 2>&1; then
    say "TLS tests: initdb and the postgres OS user are there"
else
    apt_install postgresql
fi
# grep reads all of ldd's output (no -q): under pipefail, grep -q quitting at the first
# match can kill ldd with SIGPIPE and fail the check on a redis-server that has TLS.
if ldd "$(command -v redis-server)" 2>/dev/null | grep libssl >/dev/null; then
    say "TLS tests: redis-server is built with TLS"
else
    die "redis-server at $(command -v redis-server) has no TLS support; install Debian's redis-server"
fi

# --- Node.js and npm (client examples, web app build, browser tests) ----------------------
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    say "Node.js: $(node --version), npm $(npm --version) already installed"
else
    missing=()
    command -v node >/dev/null 2>&1 || missing+=(nodejs)
    command -v npm >/dev/null 2>&1 || missing+=(npm)
    apt_install "${missing[@]}"
    say "Node.js: $(node --version), npm $(npm --version) installed"
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
    say "warning: client-examples want Node.js 20 or newer; this is $(node --version)"
fi

# --- Chromium (browser tests) ---------------------------------------------------------------
if [ -x /usr/bin/chromium ]; then
    say "Chromium: /usr/bin/chromium already installed"
else
    apt_install chromium
    say "Chromium: /usr/bin/chromium installed"
fi

# --- HAProxy (tests/api/balancer.rs, scripts/balancer.sh) ------------------------------------
# The tests start their own haproxy process on loopback with a generated config; the
# package's own service is not needed, so it is stopped if its postinst started it.
if command -v haproxy >/dev/null 2>&1; then
    say "HAProxy: $(haproxy -v | head -n 1) already installed"
else
    apt_install haproxy
    as_root service haproxy stop >/dev/null 2>&1 || true
    say "HAProxy: $(haproxy -v | head -n 1) installed"
fi

say "all set"
