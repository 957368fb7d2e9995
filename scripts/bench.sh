#!/usr/bin/env bash
# Kassa's benchmark suite (docs/benchmarks.md): builds release binaries, starts a release
# kassa on a fresh database, seeds it, runs every benchmark next to its baseline,
# interleaved, for ROUNDS rounds, and writes docs/benchmarks.md with the median ratios.
#
#   scripts/bench.sh                 # the default suite: about 20 minutes after the release build
#   scripts/bench.sh --full-soak     # B6 keeps its 10,000 subscriptions for 5 minutes
#   scripts/bench.sh --peers         # also PostGraphile 5 and Apollo Server 5 (bench/peers), interleaved
#   DURATION=30 ROUNDS=5 scripts/bench.sh
#
# Needs PostgreSQL (DATABASE_SERVER, trust auth) and Redis (REDIS_URL) running, pgbench
# and psql (--peers: npm; Node 22 comes from bench/peers). Listens only on 127.0.0.1, on ports
# below 32768. Raw results: target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."

DATABASE_SERVER=${DATABASE_SERVER:-postgres://postgres@127.0.0.1:5432}
DB=${BENCH_DB:-kassa_bench}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
KASSA_ADDR=${KASSA_ADDR:-127.0.0.1:18200}
RAW_ADDR=${RAW_ADDR:-127.0.0.1:18201}
APOLLO_ADDR=${APOLLO_ADDR:-127.0.0.1:18211}
POSTGRAPHILE_ADDR=${POSTGRAPHILE_ADDR:-127.0.0.1:18212}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
SOAK=${SOAK:-30}
CUSTOMERS=10000
PEERS=0
for arg in "$@"; do
    case $arg in
        --full-soak) SOAK=300 ;;
        --peers) PEERS=1 ;;
        *) printf 'bench: unknown argument %s (--full-soak, --peers)\n' "$arg" >&2; exit 2 ;;
    esac
done
OUT=target/bench
mkdir -p "$OUT"
rm -f "$OUT"/results.jsonl "$OUT"/pgb_*

say() { printf 'bench: %s\n' "$*" >&2; }
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

say "building release binaries"
cargo build --release -q -p kassa -p kassa-bench
KASSA=${CARGO_TARGET_DIR:-target}/release/kassa
BENCH=${CARGO_TARGET_DIR:-target}/release/kassa-bench
PSQL=(psql -X -q -v ON_ERROR_STOP=1)

say "fresh database $DB"
"${PSQL[@]}" "$DATABASE_SERVER/postgres" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
export DATABASE_URL="$DATABASE_SERVER/$DB" REDIS_URL KASSA_LISTEN=$KASSA_ADDR KASSA_REDIS_PREFIX=kassa_bench
export KASSA_LOG_FORMAT=json
"$KASSA" migrate >"$OUT/kassa-setup.log" 2>&1
KASSA_ADMIN_PASSWORD=bench-admin-password "$KASSA" create-admin --email admin@bench.local --name Bench \
    --cashier >>"$OUT/kassa-setup.log" 2>&1
say "seeding $CUSTOMERS customers with direct SQL"
"$BENCH" seed-sql --customers $CUSTOMERS | "${PSQL[@]}" "$DATABASE_URL" >/dev/null
# pgbench addresses wallets by id: customer i must have user id = wallet id = i + 1.
read -r MISMATCH ADMIN_ID PS_ID <<<"$("${PSQL[@]}" -At -F ' ' "$DATABASE_URL" -c \
    "SELECT (SELECT count(*) FROM wallets WHERE id <> owner_id),
            (SELECT id FROM users WHERE email = 'admin@bench.local'),
            (SELECT min(id) FROM payment_system_bindings)")"
[ "$MISMATCH" = 0 ] || { say "wallet ids do not match owner ids; cannot run pgbench baselines"; exit 1; }

say "starting kassa on $KASSA_ADDR"
# Every subscriber comes from 127.0.0.1 and B4's thousand are one customer: no socket caps.
# B8 restarts both servers with these same command lines.
KASSA_SERVE=(env KASSA_WS_MAX_PER_ADDRESS=0 KASSA_WS_MAX_PER_USER=0 "$KASSA" serve)
RAW_SERVE=("$BENCH" raw-ws-server --listen "$RAW_ADDR" --lifetime 7200)
"${KASSA_SERVE[@]}" >"$OUT/kassa.log" 2>&1 &
KASSA_PID=$!
PIDS+=("$KASSA_PID")
for _ in $(seq 100); do
    curl -fsS "http://$KASSA_ADDR/readyz" >/dev/null 2>&1 && break
    sleep 0.1
done
"${RAW_SERVE[@]}" 2>>"$OUT/raw.log" &
RAW_PID=$!
PIDS+=("$RAW_PID")

# --peers: PostGraphile 5 and Apollo Server 5 on the same database (docs/benchmarks.md, "Peers"):
# the top-up function, the cashier and payment system it acts with, then both servers under
# Node 22 from bench/peers, with Kassa's pool size, NODE_ENV=production and no request logs.
PEER_NAMES=()
declare -A PEER_ADDR PEER_PID
# Starts a peer (or starts it again) under Node 22 and waits until it answers.
start_peer() {
    local peer=$1
    (cd bench/peers && NODE_ENV=production PEER_LISTEN=${PEER_ADDR[$peer]} PEER_POOL_SIZE=16 \
        PEER_REDIS_PREFIX=kassa_bench_apollo exec node_modules/.bin/node "$peer.mjs") >>"$OUT/$peer.log" 2>&1 &
    PEER_PID[$peer]=$!
    PIDS+=("${PEER_PID[$peer]}")
    for _ in $(seq 300); do
        curl -fsS "http://${PEER_ADDR[$peer]}/graphql" -H 'content-type: application/json' \
            -d '{"query":"{__typename}"}' 2>/dev/null | grep Query >/dev/null && break
        sleep 0.1
    done
    curl -fsS "http://${PEER_ADDR[$peer]}/graphql" -H 'content-type: application/json' \
        -d '{"query":"{__typename}"}' >/dev/null || { say "$peer did not start: see $OUT/$peer.log"; exit 1; }
}
if [ "$PEERS" = 1 ]; then
    [ -x bench/peers/node_modules/.bin/node ] || { say "npm ci in bench/peers"; (cd bench/peers && npm ci --no-audit --no-fund >&2); }
    "${PSQL[@]}" "$DATABASE_URL" -f bench/peers/sql/top_up.sql
    "${PSQL[@]}" "$DATABASE_URL" -c "ALTER DATABASE $DB SET kassa_bench.staff_id = '$ADMIN_ID'" \
        -c "ALTER DATABASE $DB SET kassa_bench.payment_system_id = '$PS_ID'"
    PEER_ADDR[apollo]=$APOLLO_ADDR
    PEER_ADDR[postgraphile]=$POSTGRAPHILE_ADDR
    for peer in postgraphile apollo; do
        say "starting $peer on ${PEER_ADDR[$peer]}"
        start_peer "$peer"
        PEER_NAMES+=("$peer")
    done
fi
# Runs kassa-bench against every peer (none without --peers), each after a vacuum:
# peers <subcommand> <args...>, with --dialect, --kassa and (but for reads) --pid added.
peers() {
    local sub=$1 peer
    shift
    for peer in "${PEER_NAMES[@]}"; do
        vacuum
        "$BENCH" "${BENCH_GLOBAL[@]}" "$sub" --dialect "$peer" --kassa "${PEER_ADDR[$peer]}" --pid "${PEER_PID[$peer]}" "$@" \
            | record "$round"
    done
}

# Customers 1..1000: B1, B3, B7. Customer 9999: the busy wallet (B4). Customer 10000: the
# hot wallet (B2). Customers 1001..6000: B5. All 10,000: B6.
HOT=10000
BUSY=9999
"$BENCH" fund --kassa "$KASSA_ADDR" --customer $HOT --times 5
# Turns pgbench's summary and per-transaction logs into a result line like kassa-bench's.
PGB_PARSE=$(cat <<'PY'
import glob, json, re, sys
name, rnd, prefix = sys.argv[1:]
text = sys.stdin.read()
tps = float(re.search(r"tps = ([0-9.]+)", text).group(1))
failed = re.search(r"number of failed transactions: (\d+)", text)
lat = []
for path in glob.glob(prefix + ".*"):
    with open(path) as f:
        lat += [int(line.split()[2]) for line in f if line.strip()]
lat.sort()
q = lambda p: round(lat[min(len(lat) - 1, int(p * len(lat)))] / 1000, 3) if lat else 0
print(json.dumps({"bench": name, "target": "pgbench", "round": int(rnd), "ops_per_s": round(tps),
      "p50_ms": q(0.5), "p99_ms": q(0.99), "errors": int(failed.group(1)) if failed else 0}))
PY
)
PGB=(pgbench -n -h 127.0.0.1 -U postgres -c 32 -j 2 -T "$DURATION" -M prepared)
pgb() { # name round sql-file extra-args...
    local name=$1 round=$2 file=$3
    shift 3
    local prefix="$OUT/pgb_${name}_r${round}"
    local out
    out=$("${PGB[@]}" "$@" -l --log-prefix="$prefix" -f "bench/pgbench/$file" "$DB" 2>&1)
    python3 -c "$PGB_PARSE" "$name" "$round" "$prefix" <<<"$out"
    rm -f "$prefix".*
}
record() { # round, then a JSON line on stdin
    python3 -c 'import json,sys; l=json.loads(sys.stdin.read()); l["round"]=int(sys.argv[1]); print(json.dumps(l))' "$1" \
        | tee -a "$OUT/results.jsonl" >&2
}
CLOSED=(--kassa "$KASSA_ADDR" --duration "$DURATION" --warmup 1)

# Autovacuum is off on the benchmark machine: before every run, do what it (and pgbench by
# default) would do, so no run pays for the dead rows of the one before, and every
# server's cached plans are made again from fresh statistics.
vacuum() { "${PSQL[@]}" "$DATABASE_URL" -c "VACUUM ANALYZE"; }

for round in $(seq "$ROUNDS"); do
    say "round $round of $ROUNDS"
    vacuum; "$BENCH" topups "${CLOSED[@]}" --clients 32 --from 1 --to 1000 --pid "$KASSA_PID" | record "$round"
    vacuum; pgb B1 "$round" topup.sql -D first=2 -D last=1001 -D staff="$ADMIN_ID" -D ps="$PS_ID" | record "$round"
    BENCH_GLOBAL=(); peers topups --duration "$DURATION" --warmup 1 --clients 32 --from 1 --to 1000
    vacuum; "$BENCH" hot-wallet "${CLOSED[@]}" --clients 64 --customer $HOT | record "$round"
    vacuum; pgb B2 "$round" hot_wallet.sql -c 64 -D owner=$((HOT + 1)) | record "$round"
    vacuum; pgb B2-16 "$round" hot_wallet.sql -c 16 -D owner=$((HOT + 1)) | record "$round"
    vacuum; "$BENCH" reads "${CLOSED[@]}" --clients 32 --from 1 --to 1000 --pid "$KASSA_PID" | record "$round"
    vacuum; pgb B3 "$round" reads.sql -D first=2 -D last=1001 | record "$round"
    BENCH_GLOBAL=(); peers reads --duration "$DURATION" --warmup 1 --clients 32 --from 1 --to 1000
    vacuum; "$BENCH" --threads 2 live --kassa "$KASSA_ADDR" --subscribers 1000 --shards 1 --same-customer $BUSY \
        --rate 20 --duration "$DURATION" --pid "$KASSA_PID" | record "$round"
    "$BENCH" --threads 2 live --kassa "$KASSA_ADDR" --raw "$RAW_ADDR" --subscribers 1000 --shards 1 \
        --same-customer $BUSY --rate 20 --duration "$DURATION" --pid "$RAW_PID" | record "$round"
    BENCH_GLOBAL=(--threads 2); peers live --subscribers 1000 --shards 1 --same-customer $BUSY --rate 20 --duration "$DURATION"
    vacuum; "$BENCH" --threads 2 live --kassa "$KASSA_ADDR" --subscribers 5000 --shards 2 --first-customer 1001 \
        --rate 1000 --duration "$DURATION" | record "$round"
    vacuum; "$BENCH" topups "${CLOSED[@]}" --clients 32 --from 1 --to 1000 --subscribers 1000 --shards 1 \
        --pid "$KASSA_PID" | record "$round"
    vacuum; "$BENCH" topups "${CLOSED[@]}" --clients 32 --from 1 --to 1000 --pid "$KASSA_PID" \
        | sed 's/"bench":"B1"/"bench":"B7-off"/' | record "$round"
    # What one delivered frame costs the server when each change goes to one subscriber:
    # 1,000 subscribers on their own wallets, 1,000 changes/s on random ones of them, then
    # on wallets nobody watches; the difference per change, for Kassa and the raw server.
    # Kassa's changes are events published on Redis as another instance publishes them
    # (--inject, bench/src/inject.rs): a top-up's own CPU drifts by more than a frame costs.
    # Three pairs per round, Kassa's and raw's interleaved: a frame costs less than one
    # run's CPU per change moves from run to run, so the table takes medians of nine.
    for _pair in 1 2 3; do
        for target in kassa raw; do
            if [ "$target" = kassa ]; then side=(--pid "$KASSA_PID" --inject); else side=(--raw "$RAW_ADDR" --pid "$RAW_PID"); fi
            for watched in "" --unwatched; do
                vacuum; "$BENCH" --threads 2 live --kassa "$KASSA_ADDR" "${side[@]}" --subscribers 1000 --shards 1 \
                    --first-customer 1001 $watched --rate 1000 --duration "$DURATION" \
                    | sed 's/"bench":"B5"/"bench":"B7-frames"/' | record "$round"
            done
        done
    done
done

# Memory per idle subscription is measured on servers started afresh: one that ran the
# benchmarks above reuses what its allocator kept from them, and would show less.
restart_kassa() {
    kill -TERM "$KASSA_PID" 2>/dev/null || true
    wait "$KASSA_PID" 2>/dev/null || true
    "${KASSA_SERVE[@]}" >>"$OUT/kassa.log" 2>&1 &
    KASSA_PID=$!
    PIDS+=("$KASSA_PID")
    for _ in $(seq 300); do curl -fsS "http://$KASSA_ADDR/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
}
if [ "$PEERS" = 1 ]; then
    # Beside the peers: 2,000 idle subscriptions on distinct wallets on each server, fresh.
    say "B6-2k: 2,000 idle subscriptions on Kassa and each peer, each server fresh"
    round=1
    restart_kassa
    "$BENCH" --threads 2 idle --kassa "$KASSA_ADDR" --pid "$KASSA_PID" --subscribers 2000 --shards 1 --soak 0 \
        | sed 's/"bench":"B6"/"bench":"B6-2k"/' | record 1
    for peer in "${PEER_NAMES[@]}"; do
        kill "${PEER_PID[$peer]}" 2>/dev/null || true
        wait "${PEER_PID[$peer]}" 2>/dev/null || true
        start_peer "$peer"
        "$BENCH" --threads 2 idle --dialect "$peer" --kassa "${PEER_ADDR[$peer]}" --pid "${PEER_PID[$peer]}" \
            --subscribers 2000 --shards 1 --soak 0 | sed 's/"bench":"B6"/"bench":"B6-2k"/' | record 1
    done
fi

say "B6: 10,000 idle subscriptions on a fresh server, soak ${SOAK}s"
restart_kassa
"$BENCH" --threads 2 idle --kassa "$KASSA_ADDR" --pid "$KASSA_PID" --subscribers 10000 --shards 4 \
    --soak "$SOAK" --sample-every 10 | record 1

# B8 starts and restarts each server itself (SIGTERM, then the same command line on the
# same port), so the ones started above stop here; the rounds interleave Kassa and raw.
say "B8: connection storms of 10,000 clients, before and after a restart"
kill -TERM "$KASSA_PID" "$RAW_PID" 2>/dev/null || true
wait "$KASSA_PID" "$RAW_PID" 2>/dev/null || true
for round in $(seq "$ROUNDS"); do
    "$BENCH" --threads 2 storm --target kassa --addr "$KASSA_ADDR" --clients 10000 --shards 2 \
        -- "${KASSA_SERVE[@]}" 2>>"$OUT/kassa-storm.log" | record "$round"
    "$BENCH" --threads 2 storm --target raw --addr "$RAW_ADDR" --clients 10000 --shards 2 \
        -- "${RAW_SERVE[@]}" 2>>"$OUT/raw.log" | record "$round"
done

# Medians over the rounds, the table, and the machine: replaces the part of
# docs/benchmarks.md between the results markers (the prose around it is kept).
REPORT=$(cat <<'PY'
import json, os, statistics, sys
path, soak, duration, rounds = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rows = [json.loads(l) for l in open(path) if l.strip()]
def runs(bench, target):
    return sorted((r for r in rows if r["bench"] == bench and r["target"] == target), key=lambda r: r["round"])
def get(r, key):
    v = r
    for k in key.split("."):
        v = v.get(k) if isinstance(v, dict) else None
    return v
def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None
def ratio(a_runs, b_runs, key):
    pairs = [(get(a, key), get(b, key)) for a in a_runs for b in b_runs if a["round"] == b["round"]]
    return med([x / y for x, y in pairs if x is not None and y])
def fmt(v, unit=""):
    if v is None: return "n/a"
    if isinstance(v, float) and not v.is_integer(): return f"{v:,.2f}{unit}"
    return f"{int(v):,}{unit}"
def yes(ok): return "yes" if ok else "**no**"
table = ["| Benchmark | Kassa | Baseline | Ratio (median) | Target | Met? |", "|---|---|---|---|---|---|"]
def row(*cells): table.append("| " + " | ".join(cells) + " |")
def closed(bench, label, target_ratio, p99_factor=None):
    k, b = runs(bench, "kassa"), runs(bench, "pgbench")
    if not k or not b: return
    r = ratio(k, b, "ops_per_s")
    row(f"{bench} {label}: throughput", fmt(med([x["ops_per_s"] for x in k]), " ops/s"),
        fmt(med([x["ops_per_s"] for x in b]), " tps (pgbench)"), fmt(r, "×"), f"≥ {target_ratio}×", yes(r is not None and r >= target_ratio))
    rp = ratio(k, b, "p99_ms")
    target = f"≤ {p99_factor}×" if p99_factor else "(none)"
    met = yes(rp is not None and rp <= p99_factor) if p99_factor else "—"
    row(f"{bench} {label}: p50 / p99 latency",
        f"{fmt(med([x['p50_ms'] for x in k]))} / {fmt(med([x['p99_ms'] for x in k]))} ms",
        f"{fmt(med([x['p50_ms'] for x in b]))} / {fmt(med([x['p99_ms'] for x in b]))} ms", f"p99 {fmt(rp, '×')}", target, met)
    errors = sum(x.get("errors", 0) for x in k)
    if errors: row(f"{bench} errors", str(errors), "", "", "0", "**no**")
closed("B1", "top-ups, 32 clients", 0.6, 3)
closed("B2", "hot wallet, 64 clients", 0.8)
k2, b2 = runs("B2", "kassa"), runs("B2", "pgbench") + runs("B2-16", "pgbench")
if k2 and b2:
    best = {}
    for x in b2: best[x["round"]] = max(best.get(x["round"], 0), x["ops_per_s"])
    r = med([x["ops_per_s"] / best[x["round"]] for x in k2 if best.get(x["round"])])
    row("B2 vs pgbench's best of 16 and 64 clients (group commit)", fmt(med([x["ops_per_s"] for x in k2]), " ops/s"),
        fmt(med(list(best.values())), " tps (pgbench, best)"), fmt(r, "×"), "> 1×", yes(r is not None and r > 1))
closed("B3", "reads, 32 clients", 0.3)
k4, r4 = runs("B4", "kassa"), runs("B4", "raw")
if k4 and r4:
    lost = sum(x.get("lost_frames", 0) for x in k4); expected = sum(x.get("expected_frames", 0) for x in k4)
    delivered = sum(x.get("delivered_frames", 0) for x in k4)
    row("B4 one busy wallet, 1,000 subscribers: frames", f"{delivered:,} of {expected:,} delivered",
        f"{sum(x.get('delivered_frames', 0) for x in r4):,} of {sum(x.get('expected_frames', 0) for x in r4):,}",
        "", "every frame", yes(lost == 0 and expected > 0 and all(x.get("subscribers_failed", 0) == 0 for x in k4)))
    for q, limit in (("p50", 2), ("p99", 3)):
        rq = ratio(k4, r4, f"commit_to_frame.{q}_ms")
        row(f"B4 commit→frame {q}", fmt(med([get(x, f'commit_to_frame.{q}_ms') for x in k4]), " ms"),
            fmt(med([get(x, f'commit_to_frame.{q}_ms') for x in r4]), " ms (raw)"), fmt(rq, "×"), f"≤ {limit}×", yes(rq is not None and rq <= limit))
    for part, label in (("server", "the server"), ("subscribers", "the subscriber process")):
        kc = med([get(x, f"cpu_us_per_frame.{part}") for x in k4]); rc = med([get(x, f"cpu_us_per_frame.{part}") for x in r4])
        if kc is not None and rc is not None:
            row(f"B4 CPU per frame: {label}", fmt(kc, " µs"), fmt(rc, " µs (raw)"), fmt(kc / rc if rc else None, "×"), "(no target)", "—")
k5 = runs("B5", "kassa")
if k5:
    p50 = med([get(x, "commit_to_frame.p50_ms") for x in k5]); p99 = med([get(x, "commit_to_frame.p99_ms") for x in k5])
    lost = sum(x.get("lost_frames", 0) for x in k5)
    rate = med([x.get("events_per_s") for x in k5])
    row(f"B5 5,000 wallets at {fmt(rate)} top-ups/s: commit→frame p50", fmt(p50, " ms"), "", "", "≤ 5 ms", yes(p50 is not None and p50 <= 5))
    row("B5 commit→frame p99", fmt(p99, " ms"), "", "", "≤ 25 ms", yes(p99 is not None and p99 <= 25))
    row("B5 lost events", f"{lost:,} of {sum(x.get('expected_frames', 0) for x in k5):,}", "", "", "0",
        yes(lost == 0 and all(x.get("subscribers_failed", 0) == 0 for x in k5)))
k6 = runs("B6", "kassa")
if k6:
    x = k6[-1]
    row(f"B6 {x['subscriptions']:,} idle subscriptions: memory each", fmt(x["kib_per_subscription"], " KiB"), "", "", "≤ 14 KiB",
        yes(x["kib_per_subscription"] <= 14 and x["failed"] == 0))
    row(f"B6 RSS over {x['soak_s']} s", f"{x['rss_after_kib']//1024:,} → {x['rss_last_kib']//1024:,} MiB ({x['soak_growth_pct']:+.1f} %)",
        "", "", "flat (within ±5 %)", yes(abs(x["soak_growth_pct"]) <= 5))
k7, o7 = runs("B7", "kassa"), runs("B7-off", "kassa")
if k7 and o7:
    r = ratio(k7, o7, "ops_per_s")
    row("B7 top-ups with 1,000 live subscribers vs none", fmt(med([x["ops_per_s"] for x in k7]), " ops/s"),
        fmt(med([x["ops_per_s"] for x in o7]), " ops/s (no subscribers)"), fmt(r, "×"), "(information: see the next rows)", "—")
    # Where the difference goes: CPU per top-up of each part, with and without subscribers.
    for part, label in (("kassa", "Kassa"), ("subscribers", "the subscriber process"), ("postgres", "PostgreSQL"),
                        ("machine", "the whole machine")):
        on = med([get(x, f"cpu_us_per_op.{part}") for x in k7]); off = med([get(x, f"cpu_us_per_op.{part}") for x in o7])
        if on is None: continue
        row(f"B7 CPU per top-up: {label}", fmt(on, " µs"), fmt(off, " µs") if off is not None else "none",
            f"+{on - (off or 0):.1f} µs", "(explains the ratio)", "—")
# CPU per delivered frame, one change to one subscriber: (watched − unwatched) per change.
def frame_cost(target):
    on = med([get(x, "cpu_us_per_event.server") for x in runs("B7-frames", target)])
    off = med([get(x, "cpu_us_per_event.server") for x in runs("B7-frames-off", target)])
    return None if on is None or off is None else on - off
kf, rf = frame_cost("kassa"), frame_cost("raw")
if kf is not None and rf is not None:
    r = kf / rf if rf > 0 else None
    row("B7 CPU per delivered frame, one change → one subscriber (server)", fmt(round(kf, 1), " µs"),
        fmt(round(rf, 1), " µs (raw)"), fmt(r, "×"), "≤ 2×", yes(r is not None and r <= 2))
    lost = sum(x.get("lost_frames", 0) for x in runs("B7-frames", "kassa"))
    if lost: row("B7 frames lost (one change → one subscriber)", f"{lost:,}", "", "", "0", "**no**")
k8, r8 = runs("B8", "kassa"), runs("B8", "raw")
if k8 and r8:
    clean = all(x.get("errors", 0) == 0 and x.get("unacked", 0) == 0 for x in k8)
    clients = k8[-1].get("clients", 0)
    for phase, label in (("connect", "connect, init and subscribe at once"),
                         ("reconnect", "reconnect at once after a restart")):
        key = f"{phase}.all_acked_ms"
        r = ratio(k8, r8, key)
        row(f"B8 {clients:,} clients {label}: all acknowledged", fmt(med([get(x, key) for x in k8]), " ms"),
            fmt(med([get(x, key) for x in r8]), " ms (raw)"), fmt(r, "×"), "≤ 2×, no errors", yes(r is not None and r <= 2 and clean))
    row("B8 errors (failed attempts; clients never acknowledged)",
        f"{sum(x.get('errors', 0) for x in k8):,}; {sum(x.get('unacked', 0) for x in k8):,}",
        f"{sum(x.get('errors', 0) for x in r8):,}; {sum(x.get('unacked', 0) for x in r8):,} (raw)", "", "0", yes(clean))
# --peers: Kassa beside PostGraphile 5 and Apollo Server 5, a column each and "Kassa vs peer"
# ratios (per round, median) against #17's goals; every ratio reads "Kassa is N× better".
PEERS = (("postgraphile", "PostGraphile 5"), ("apollo", "Apollo Server 5"))
present = [(t, label) for t, label in PEERS if any(r["target"] == t for r in rows)]
peer_table = []
if present:
    peer_table = ["| Benchmark | Kassa | " + " | ".join(label for _, label in present) + " | "
                  + " | ".join(f"Kassa vs {label}" for _, label in present) + " | Goal | Met? |",
                  "|---" * (4 + 2 * len(present)) + "|"]
    def peer_row(label, bench, key, unit, goal, higher_is_better):
        k = runs(bench, "kassa")
        if not k: return
        cells, ratios = [], []
        for t, _ in present:
            p = runs(bench, t)
            cells.append(fmt(med([get(x, key) for x in p]), unit) if p else "n/a")
            ratios.append(ratio(k, p, key) if higher_is_better else ratio(p, k, key))
        met = all(r is not None and r >= goal for r in ratios)
        peer_table.append("| " + " | ".join([label, fmt(med([get(x, key) for x in k]), unit), *cells,
                          *[fmt(r, "×") for r in ratios], f"≥ {goal}×" + ("" if higher_is_better else " lower"), yes(met)]) + " |")
    peer_row("B1 top-ups/s, 32 clients", "B1", "ops_per_s", "", 3, True)
    peer_row("B3 myWallet + 20 history reads/s, 32 clients", "B3", "ops_per_s", "", 5, True)
    peer_row("B4 1,000 subscribers on one wallet: commit→frame p50", "B4", "commit_to_frame.p50_ms", " ms", 10, False)
    peer_row("B4 commit→frame p99", "B4", "commit_to_frame.p99_ms", " ms", 5, False)
    peer_row("B6-2k memory per idle subscription (2,000 wallets)", "B6-2k", "kib_per_subscription", " KiB", 10, False)
    def frames(t):
        xs = runs("B4", t)
        return f"{sum(x.get('delivered_frames', 0) for x in xs):,} of {sum(x.get('expected_frames', 0) for x in xs):,}" if xs else "n/a"
    peer_table.append("| " + " | ".join(["B4 frames delivered", frames("kassa"), *[frames(t) for t, _ in present],
                      *["" for _ in present], "every frame", "—"]) + " |")
    for part, key in (("top-up", "B1"), ("frame", "B4")):
        field = "cpu_us_per_op.kassa" if key == "B1" else "cpu_us_per_frame.server"
        peer_table.append("| " + " | ".join([f"{key} server CPU per {part}", fmt(med([get(x, field) for x in runs(key, "kassa")]), " µs"),
                          *[fmt(med([get(x, field) for x in runs(key, t)]), " µs") for t, _ in present],
                          *["" for _ in present], "(information)", "—"]) + " |")
    peer_table = ["Beside the peers (`scripts/bench.sh --peers`, docs/benchmarks.md \"Peers\"): the same database, operations and load tool, interleaved in every round.", "", *peer_table, ""]
out = ["<!-- results:begin (written by scripts/bench.sh; edit the prose outside these markers) -->", "",
       f"{rounds} rounds of {duration} s per run; each row is the median over the rounds, and each ratio the median of the per-round ratios.", "",
       *table, "", *peer_table, "Machine:", "", "```", os.environ.get("BENCH_MACHINE", "").strip(), "```", "",
       "<details><summary>Every run (JSON lines from kassa-bench and pgbench)</summary>", "", "```"]
for r in rows:
    r = {k: v for k, v in r.items() if k not in ("samples",)}
    out.append(json.dumps(r))
out += ["```", "", "</details>", "", "<!-- results:end -->"]
generated = "\n".join(out)
doc_path = "docs/benchmarks.md"
doc = open(doc_path).read() if os.path.exists(doc_path) else "# Benchmarks\n\n<!-- results:begin -->\n<!-- results:end -->\n"
begin, end = doc.find("<!-- results:begin"), doc.find("<!-- results:end -->")
if begin < 0 or end < 0:
    doc, begin, end = doc + "\n<!-- results:begin -->\n<!-- results:end -->\n", None, None
    begin, end = doc.find("<!-- results:begin"), doc.find("<!-- results:end -->")
print(doc[:begin] + generated + doc[end + len("<!-- results:end -->"):], end="")
PY
)

say "ledger check"
"$KASSA" verify-ledger | tail -1 >&2

export BENCH_MACHINE
BENCH_MACHINE=$(printf '%s\n' \
    "nproc: $(nproc)" \
    "memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}')" \
    "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')" \
    "postgresql: $("${PSQL[@]}" -At "$DATABASE_URL" -c 'SHOW server_version')" \
    "postgresql settings: $("${PSQL[@]}" -At "$DATABASE_URL" -c "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings WHERE name IN ('autovacuum', 'shared_buffers', 'synchronous_commit', 'max_connections', 'wal_buffers')")" \
    "redis: $(redis-cli -u "$REDIS_URL" INFO server | tr -d '\r' | awk -F: '/^redis_version/ {print $2}')" \
    "rustc: $(rustc --version)" \
    "kernel: $(uname -r)")
python3 -c "$REPORT" "$OUT/results.jsonl" "$SOAK" "$DURATION" "$ROUNDS" >docs/benchmarks.md.new
mv docs/benchmarks.md.new docs/benchmarks.md
say "wrote docs/benchmarks.md"
