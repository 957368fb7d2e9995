#!/usr/bin/env bash
# Figures for docs/scaling.md: a throwaway Redis Cluster on loopback (three masters, three
# replicas, ports 27001-27006, cluster bus 27101-27106), then `kassa-bench cluster-events`
# sharded (3 instances, each watching a third of the shards) and unsharded (each instance
# watching every shard, as with one shared channel). Everything is killed on exit.
#   bash bench/cluster-events.sh [extra kassa-bench cluster-events arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
nodes=()
for port in 27001 27002 27003 27004 27005 27006; do
    redis-server --port "$port" --cluster-port $((port + 100)) --bind 127.0.0.1 --cluster-enabled yes \
        --cluster-config-file "nodes-$port.conf" --dir "$dir" --save "" --appendonly no >/dev/null &
    pids+=($!)
    nodes+=("127.0.0.1:$port")
done
for port in 27001 27002 27003 27004 27005 27006; do
    until redis-cli -p "$port" PING >/dev/null 2>&1; do sleep 0.05; done
done
redis-cli --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes >/dev/null
until redis-cli -p 27001 CLUSTER INFO | grep -q cluster_state:ok; do sleep 0.1; done
sleep 1
# A dev build: its dependencies (the redis client) are optimised (Cargo.toml, profile.dev).
cargo build -q -p kassa-bench
url=$(printf 'redis://%s,' "${nodes[@]}"); url=${url%,}
bench=${CARGO_TARGET_DIR:-target}/debug/kassa-bench
"$bench" --threads 2 cluster-events --redis "$url" "$@"
"$bench" --threads 2 cluster-events --redis "$url" --unsharded "$@"
