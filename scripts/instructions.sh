#!/usr/bin/env bash
# Kassa's instructions per operation, counted by valgrind's callgrind: unlike CPU time, the
# count is the same from run to run whatever else the machine does, so it shows a change of
# a few per cent that B1's and B3's CPU figures cannot (docs/benchmarks.md, change 27).
#
#   scripts/instructions.sh [topups|reads|frames] [SECONDS]    # default: topups 15
#   KASSA=path/to/kassa scripts/instructions.sh ...     # another build (an A/B)
#
# Builds the release binaries (unless KASSA is given), seeds a fresh database as
# scripts/bench.sh does, starts kassa under callgrind, warms up for 8 s with 8 clients, then
# counts SECONDS of the same load and prints one JSON line (instructions in all, operations,
# instructions per operation) and the 25 functions of Kassa's own with the most inclusive
# instructions. `frames` counts per delivered frame in B7's pattern instead (a watched run
# minus an unwatched one, see below). The profile stays in target/instructions/ for
# callgrind_annotate. Needs
# valgrind, PostgreSQL (DATABASE_SERVER, trust auth) and Redis (REDIS_URL).
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${1:-topups}
SECONDS_COUNTED=${2:-15}
case $MODE in topups | reads | frames) ;; *) echo "instructions: topups, reads or frames, not $MODE" >&2; exit 2 ;; esac
DATABASE_SERVER=${DATABASE_SERVER:-postgres://postgres@127.0.0.1:5432}
DB=kassa_instructions
ADDR=${KASSA_ADDR:-127.0.0.1:18250}
OUT=target/instructions
mkdir -p "$OUT"
command -v valgrind >/dev/null || { echo "instructions: needs valgrind (apt-get install valgrind)" >&2; exit 1; }

if [ -z "${KASSA:-}" ]; then
    cargo build --release -q -p kassa -p kassa-bench
    KASSA=${CARGO_TARGET_DIR:-target}/release/kassa
fi
BENCH=${BENCH:-${CARGO_TARGET_DIR:-target}/release/kassa-bench}
[ -x "$BENCH" ] || cargo build --release -q -p kassa-bench
PSQL=(psql -X -q -v ON_ERROR_STOP=1)

"${PSQL[@]}" "$DATABASE_SERVER/postgres" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" 2>/dev/null
export DATABASE_URL="$DATABASE_SERVER/$DB" REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
export KASSA_LISTEN=$ADDR KASSA_METRICS_LISTEN=127.0.0.1:0 KASSA_REDIS_PREFIX=kassa_instructions KASSA_LOG_FORMAT=json
# The frames run opens 1,000 sockets from one address, as scripts/bench.sh does.
export KASSA_WS_MAX_PER_ADDRESS=0 KASSA_WS_MAX_PER_USER=0
"$KASSA" migrate >"$OUT/setup.log" 2>&1
KASSA_ADMIN_PASSWORD=bench-admin-password "$KASSA" create-admin --email admin@bench.local --name Bench \
    --cashier >>"$OUT/setup.log" 2>&1
"$BENCH" seed-sql --customers 10000 | "${PSQL[@]}" "$DATABASE_URL" >/dev/null

rm -f "$OUT"/callgrind.*
valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.%p" --dump-instr=no \
    "$KASSA" serve >"$OUT/kassa.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1200); do curl -fsS "http://$ADDR/readyz" >/dev/null 2>&1 && break; sleep 0.1; done

total() { callgrind_annotate --threshold=100 --auto=no "$1" | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }'; }
if [ "$MODE" = frames ]; then
    # B7's pattern (scripts/bench.sh): 1,000 subscribers on their own wallets, changes
    # published on Redis as another instance publishes them, on watched wallets and then on
    # wallets nobody watches; a frame costs the difference per change. Both runs connect
    # and sign in the same 1,000 subscribers, so that cost cancels too.
    frames() {
        "$BENCH" live --kassa "$ADDR" --inject --subscribers 1000 --shards 1 --first-customer 1001 \
            --rate 100 --duration "${FOR:-$SECONDS_COUNTED}" --grace-ms 10000 "$@"
    }
    FOR=3 frames >/dev/null
    callgrind_control -z "$PID" >/dev/null 2>&1
    OPS=$(frames | tee "$OUT/frames.json" | python3 -c 'import json, sys; print(json.load(sys.stdin)["frames"])')
    callgrind_control -d "$PID" >/dev/null 2>&1
    EVENTS=$(frames --unwatched | python3 -c 'import json, sys; print(json.load(sys.stdin)["events"])')
    callgrind_control -d "$PID" >/dev/null 2>&1
    [ "$OPS" = "$EVENTS" ] || { echo "instructions: $OPS frames for $EVENTS changes" >&2; exit 1; }
else
    "$BENCH" "$MODE" --kassa "$ADDR" --clients 8 --duration 5 --warmup 3 >/dev/null
    callgrind_control -z "$PID" >/dev/null 2>&1
    OPS=$("$BENCH" "$MODE" --kassa "$ADDR" --clients 8 --duration "$SECONDS_COUNTED" --warmup 0 \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["ops"])')
    callgrind_control -d "$PID" >/dev/null 2>&1
fi
kill "$PID"
wait "$PID" 2>/dev/null || true
PROFILE=$(ls "$OUT"/callgrind.*.1)
TOTAL=$(total "$PROFILE")
if [ "$MODE" = frames ]; then
    # Each run's count per change too (both with the same 1,000 sign-ins in them): a
    # change to what every event costs, watched or not, moves both and not the difference.
    WATCHED=$TOTAL UNWATCHED=$(total "$(ls "$OUT"/callgrind.*.2)")
    TOTAL=$((WATCHED - UNWATCHED))
    printf '{"bench": "instructions", "mode": "frames-runs", "changes": %s, "watched_run_per_change": %s, "unwatched_run_per_change": %s}\n' \
        "$OPS" "$((WATCHED / OPS))" "$((UNWATCHED / OPS))"
fi
printf '{"bench": "instructions", "mode": "%s", "ops": %s, "instructions": %s, "per_op": %s, "profile": "%s"}\n' \
    "$MODE" "$OPS" "$TOTAL" "$((TOTAL / OPS))" "$PROFILE"
callgrind_annotate --inclusive=yes --threshold=100 --auto=no "$PROFILE" | grep -F "$(pwd)/src/" | head -25 \
    | sed -E "s#$(pwd)/##; s# \[[^]]*\]##" | cut -c1-160 >&2
