#!/usr/bin/env bash
# Three Kassa instances behind HAProxy, all on loopback (docs/scaling.md, "Behind a load
# balancer"):
#
#   scripts/balancer.sh start     # instances on 18301-18303, HAProxy on 18300
#   scripts/balancer.sh status    # which instance HAProxy sees up
#   scripts/balancer.sh stop      # SIGTERM to all of them, then the run folder goes
#   scripts/balancer.sh config FRONT PORT...   # prints the loopback config only
#
# The config is generated from deploy/haproxy.cfg: its bind line becomes 127.0.0.1:FRONT,
# its `server` lines one per PORT (in each backend), its Docker DNS resolver is dropped, and the check timing
# may be tightened with CHECK_INTER, CHECK_FASTINTER, CHECK_DOWNINTER, CHECK_FALL (tests: 100ms, 2).
#
# Environment: KASSA_BIN (default target/release/kassa, built if missing), DATABASE_URL
# (default postgres://postgres@127.0.0.1:5432/kassa_balancer, created and migrated),
# REDIS_URL (default redis://127.0.0.1:6379), FRONT_PORT (18300), RUN_DIR
# (/tmp/kassa-balancer: pid files, logs, the generated config). Ports stay below 32768.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TEMPLATE=$ROOT/deploy/haproxy.cfg
RUN_DIR=${RUN_DIR:-/tmp/kassa-balancer}
FRONT_PORT=${FRONT_PORT:-18300}
INSTANCES=(18301 18302 18303)

say() { printf 'balancer: %s\n' "$*"; }
die() { printf 'balancer: error: %s\n' "$*" >&2; exit 1; }

# config FRONT PORT...: deploy/haproxy.cfg rewritten for instances on loopback.
config() {
    local front=$1
    shift
    awk -v front="$front" -v ports="$*" \
        -v inter="${CHECK_INTER:-}" -v fastinter="${CHECK_FASTINTER:-}" -v fall="${CHECK_FALL:-}" -v downinter="${CHECK_DOWNINTER:-}" '
        /^# Docker.s embedded DNS/ { exit }
        /^[[:space:]]*bind :8080/ { sub(/bind :8080/, "bind 127.0.0.1:" front) }
        /^[[:space:]]*server / { next }
        /^backend / { backend = $2 }
        /^[[:space:]]*default-server / {
            sub(/ resolvers docker/, "")
            if (inter != "") sub(/ inter [^ ]+/, " inter " inter)
            if (fastinter != "") sub(/ fastinter [^ ]+/, " fastinter " fastinter)
            if (fall != "") sub(/ fall [^ ]+/, " fall " fall)
            if (downinter != "") sub(/ downinter [^ ]+/, " downinter " downinter)
            print
            n = split(ports, port, " ")
            for (i = 1; i <= n; i++) {
                track = (backend == "kassa") ? "" : sprintf(" track kassa/kassa-%d", i)
                printf "    server kassa-%d 127.0.0.1:%s%s\n", i, port[i], track
            }
            next
        }
        { print }
    ' "$TEMPLATE"
}

wait_http() { # url seconds
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    return 1
}

start() {
    command -v haproxy >/dev/null || die "haproxy is not installed (scripts/services.sh installs it)"
    [ ! -e "$RUN_DIR/haproxy.pid" ] || die "already started ($RUN_DIR); run: $0 stop"
    local bin=${KASSA_BIN:-$ROOT/target/release/kassa}
    if [ ! -x "$bin" ]; then
        say "building $bin"
        (cd "$ROOT" && cargo build --release --bin kassa)
    fi
    export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kassa_balancer}
    export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
    mkdir -p "$RUN_DIR"
    say "migrating $DATABASE_URL"
    "$bin" migrate >"$RUN_DIR/migrate.log" 2>&1 || die "kassa migrate failed (see $RUN_DIR/migrate.log)"
    local i port
    for i in "${!INSTANCES[@]}"; do
        port=${INSTANCES[$i]}
        # Behind the balancer every socket comes from 127.0.0.1: the per-address caps
        # would count all clients as one (docs/scaling.md).
        KASSA_LISTEN=127.0.0.1:$port KASSA_METRICS_LISTEN=127.0.0.1:$((port + 100)) \
            KASSA_DRAIN_GRACE=${KASSA_DRAIN_GRACE:-3s} KASSA_WS_MAX_PER_ADDRESS=0 \
            KASSA_SIGNIN_ADDRESS_LIMIT=0 KASSA_SIGNUP_ADDRESS_LIMIT=0 \
            nohup "$bin" serve >"$RUN_DIR/kassa-$((i + 1)).log" 2>&1 &
        echo $! >"$RUN_DIR/kassa-$((i + 1)).pid"
    done
    for port in "${INSTANCES[@]}"; do
        wait_http "http://127.0.0.1:$port/readyz" 60 || die "the instance on $port is not ready (see $RUN_DIR)"
    done
    config "$FRONT_PORT" "${INSTANCES[@]}" >"$RUN_DIR/haproxy.cfg"
    haproxy -c -q -f "$RUN_DIR/haproxy.cfg" || die "the generated $RUN_DIR/haproxy.cfg is invalid"
    haproxy -f "$RUN_DIR/haproxy.cfg" -p "$RUN_DIR/haproxy.pid" -D \
        >"$RUN_DIR/haproxy.log" 2>&1 || die "haproxy did not start (see $RUN_DIR/haproxy.log)"
    wait_http "http://127.0.0.1:$FRONT_PORT/readyz" 10 || die "nothing answers through HAProxy on $FRONT_PORT"
    say "HAProxy on http://127.0.0.1:$FRONT_PORT (graphql, graphql/ws), instances ${INSTANCES[*]}"
}

status() {
    local i port
    for i in "${!INSTANCES[@]}"; do
        port=${INSTANCES[$i]}
        if curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null; then
            say "kassa-$((i + 1)) on $port: ready"
        else
            say "kassa-$((i + 1)) on $port: not ready"
        fi
    done
}

stop() {
    local pidfile pid
    for pidfile in "$RUN_DIR"/haproxy.pid "$RUN_DIR"/kassa-*.pid; do
        [ -e "$pidfile" ] || continue
        pid=$(cat "$pidfile")
        kill -TERM "$pid" 2>/dev/null && say "stopping $(basename "$pidfile" .pid) ($pid)"
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        rm -f "$pidfile"
    done
    rm -rf "$RUN_DIR"
}

case ${1:-} in
    start) start ;;
    stop) stop ;;
    status) status ;;
    config) shift; [ $# -ge 2 ] || die "usage: $0 config FRONT PORT..."; config "$@" ;;
    *) die "usage: $0 start|stop|status|config FRONT PORT..." ;;
esac
