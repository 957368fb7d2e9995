// The bench's deterministic bearer tokens (bench/src/fixture.rs), read without a database
// lookup: the peers authenticate no one (docs/benchmarks.md, "Peers"). Customer i's token is
// kassa_bench_customer_<i> and their wallet's id is i + 1 in the seeded database.

const PREFIX = "kassa_bench_customer_";

/** The wallet id a bearer credential ("Bearer kassa_bench_customer_<i>") names, or null. */
export function walletOf(authorization) {
  if (typeof authorization !== "string") return null;
  const at = authorization.indexOf(PREFIX);
  if (at < 0) return null;
  const customer = Number.parseInt(authorization.slice(at + PREFIX.length), 10);
  return Number.isSafeInteger(customer) && customer > 0 ? customer + 1 : null;
}

/** PostgreSQL's text form of a timestamptz in UTC ("2026-12-01 15:21:47.207803+00") as RFC 3339. */
export function rfc3339(text) {
  return text.replace(" ", "T").replace(/\+00$/, "Z");
}

/** The listen address from PEER_LISTEN (host:port). */
export function listenAddress() {
  const [host, port] = (process.env.PEER_LISTEN ?? "127.0.0.1:18210").split(":");
  return { host, port: Number(port) };
}
