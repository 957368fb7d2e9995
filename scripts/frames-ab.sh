#!/usr/bin/env bash
# Two builds of Kassa side by side in B7's frame pattern: the server's CPU per change when
# each change goes to one subscriber (watched) and when nobody watches its wallet
# (unwatched), the builds' runs interleaved, so a change to the event path shows in µs
# beside scripts/instructions.sh's count (docs/benchmarks.md, change 31).
#
#   scripts/frames-ab.sh OLD_KASSA NEW_KASSA [ROUNDS]     # default: 3 rounds
#
# Uses the database scripts/instructions.sh seeds (run that once first) with PostgreSQL
# (DATABASE_SERVER, trust auth) and Redis (REDIS_URL). Both servers run at once, each on
# its own port and Redis prefix; per round and build, `kassa-bench live --inject` runs
# 1,000 subscribers on their own wallets with 1,000 changes/s for DURATION seconds, on
# their wallets and then on wallets nobody watches. Prints each run's JSON line with the
# build's name, then per build the median CPU per change of each kind and their difference.
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -ge 2 ] || { echo "usage: scripts/frames-ab.sh OLD_KASSA NEW_KASSA [ROUNDS]" >&2; exit 2; }
BUILDS=("$1" "$2")
ROUNDS=${3:-3}
DURATION=${DURATION:-10}
DATABASE_SERVER=${DATABASE_SERVER:-postgres://postgres@127.0.0.1:5432}
BENCH=${BENCH:-${CARGO_TARGET_DIR:-target}/release/kassa-bench}
[ -x "$BENCH" ] || cargo build --release -q -p kassa-bench
OUT=target/frames-ab
mkdir -p "$OUT"
: >"$OUT/results.jsonl"

export DATABASE_URL="$DATABASE_SERVER/kassa_instructions" REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
export KASSA_METRICS_LISTEN=127.0.0.1:0 KASSA_LOG_FORMAT=json KASSA_WS_MAX_PER_ADDRESS=0 KASSA_WS_MAX_PER_USER=0
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true' EXIT
for i in 0 1; do
    KASSA_LISTEN=127.0.0.1:$((18261 + i)) KASSA_REDIS_PREFIX=kassa_ab_$i "${BUILDS[$i]}" serve >"$OUT/kassa-$i.log" 2>&1 &
    PIDS+=($!)
done
for i in 0 1; do
    for _ in $(seq 300); do curl -fsS "http://127.0.0.1:$((18261 + i))/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
done

for round in $(seq "$ROUNDS"); do
    for i in 0 1; do
        for watched in "" --unwatched; do
            KASSA_REDIS_PREFIX=kassa_ab_$i "$BENCH" --threads 2 live --kassa 127.0.0.1:$((18261 + i)) --pid "${PIDS[$i]}" \
                --inject --subscribers 1000 --shards 1 --first-customer 1001 $watched --rate 1000 \
                --duration "$DURATION" \
                | python3 -c 'import json, sys
line = json.load(sys.stdin)
line.update(build=sys.argv[1], round=int(sys.argv[2]), watched=sys.argv[3] == "")
print(json.dumps(line))' "${BUILDS[$i]}" "$round" "$watched" | tee -a "$OUT/results.jsonl"
        done
    done
done

python3 - "$OUT/results.jsonl" "${BUILDS[@]}" <<'EOF'
import json, statistics, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
for build in sys.argv[2:]:
    cpu = lambda watched: statistics.median(r["cpu_us_per_event"]["server"] for r in runs
                                            if r["build"] == build and r["watched"] == watched)
    lost = sum(r["lost_frames"] for r in runs if r["build"] == build and r["watched"])
    print(json.dumps({"build": build, "watched_us_per_change": cpu(True), "unwatched_us_per_change": cpu(False),
                      "frame_us": round(cpu(True) - cpu(False), 1), "lost_frames": lost}))
EOF
