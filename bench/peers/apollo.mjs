// Apollo Server 5 beside Kassa in the benchmark (docs/benchmarks.md, "Peers"): Kassa's
// architecture in Node. Queries and mutations over POST /graphql, subscriptions over
// graphql-ws (graphql-transport-ws) at /graphql/ws, live events through Redis pub/sub
// (graphql-redis-subscriptions on ioredis), a pg pool of PEER_POOL_SIZE (16, as Kassa's).
// The schema names Kassa's fields, so kassa-bench sends it Kassa's own documents.
//
//   DATABASE_URL=postgres://… REDIS_URL=redis://… PEER_LISTEN=127.0.0.1:18211 node apollo.mjs
import http from "node:http";

import { ApolloServer, HeaderMap } from "@apollo/server";
import { makeExecutableSchema } from "@graphql-tools/schema";
import { RedisPubSub } from "graphql-redis-subscriptions";
import { useServer } from "graphql-ws/use/ws";
import { Redis } from "ioredis";
import pg from "pg";
import { WebSocketServer } from "ws";

import { listenAddress, rfc3339, walletOf } from "./bench-token.mjs";

// timestamptz as PostgreSQL's text, in UTC (turned into RFC 3339 without a Date).
pg.types.setTypeParser(1184, (text) => text);
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.PEER_POOL_SIZE ?? 16),
  options: "-c TimeZone=UTC",
});
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = process.env.PEER_REDIS_PREFIX ?? "kassa_bench_apollo";
const pubsub = new RedisPubSub({ publisher: new Redis(redisUrl), subscriber: new Redis(redisUrl) });
const topic = (walletId) => `${prefix}:wallet:${walletId}`;

const typeDefs = /* GraphQL */ `
  type Query { myWallet: Wallet }
  type Mutation { topUpWallet(input: TopUpWalletInput!): MovePayload }
  type Subscription { myBalance: BalanceEvent }
  input TopUpWalletInput {
    walletNumber: String!
    amount: String!
    paymentSystemId: ID
    receipt: String
    idempotencyKey: String!
  }
  type Wallet { id: ID! number: String! balance: String! version: Int! transactions(first: Int = 20): TransactionConnection! }
  type TransactionConnection { edges: [TransactionEdge!]! pageInfo: PageInfo! }
  type TransactionEdge { node: Transaction! cursor: String! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type Transaction { id: ID! kind: String! amount: String! balanceAfter: String! walletVersion: Int! createdAt: String! }
  type MovePayload { transaction: Transaction! wallet: MovedWallet! }
  type MovedWallet { id: ID! balance: String! version: Int! }
  type BalanceEvent { version: Int! balance: String! transaction: EventTransaction }
  type EventTransaction { id: ID! createdAt: String! }
`;

const transaction = (row) => ({
  id: row.id,
  kind: row.kind,
  amount: row.amount,
  balanceAfter: row.balance_after,
  walletVersion: row.wallet_version,
  createdAt: rfc3339(row.created_at),
});

const resolvers = {
  Query: {
    async myWallet(_, __, { walletId }) {
      if (walletId == null) return null;
      const { rows } = await pool.query({
        name: "wallet",
        text: "SELECT id, number, balance, version FROM wallets WHERE id = $1",
        values: [walletId],
      });
      return rows[0] ?? null;
    },
  },
  Wallet: {
    async transactions(wallet, { first }) {
      const limit = Math.min(Math.max(first ?? 20, 0), 100);
      const { rows } = await pool.query({
        name: "history",
        text: `SELECT id, kind, amount, balance_after, wallet_version, created_at FROM transactions
               WHERE wallet_id = $1 ORDER BY id DESC LIMIT $2`,
        values: [wallet.id, limit + 1],
      });
      const page = rows.slice(0, limit);
      return {
        edges: page.map((row) => ({ node: transaction(row), cursor: row.id })),
        pageInfo: { hasNextPage: rows.length > limit, endCursor: page.at(-1)?.id ?? null },
      };
    },
  },
  Mutation: {
    async topUpWallet(_, { input }) {
      const { rows } = await pool.query({
        name: "top_up",
        text: `SELECT id, kind, amount, wallet_id, balance_after, wallet_version, created_at
               FROM kassa_bench_top_up($1, $2, $3, $4)`,
        values: [input.walletNumber, input.amount, input.receipt ?? null, input.idempotencyKey],
      });
      const row = rows[0];
      if (row?.id == null) throw new Error("the top-up was refused");
      const moved = transaction(row);
      // After the function's own transaction committed: the live event, Redis pub/sub.
      await pubsub.publish(topic(row.wallet_id), {
        myBalance: { version: moved.walletVersion, balance: moved.balanceAfter, transaction: { id: moved.id, createdAt: moved.createdAt } },
      });
      return { transaction: moved, wallet: { id: row.wallet_id, balance: moved.balanceAfter, version: moved.walletVersion } };
    },
  },
  Subscription: {
    myBalance: {
      // The current state first (as Kassa sends it), then every event from Redis. A plain
      // iterator rather than an async generator: a generator waiting for the next event could
      // not be ended until one came, and a closed subscription would keep its Redis listener.
      async subscribe(_, __, { walletId }) {
        if (walletId == null) throw new Error("no wallet");
        const events = pubsub.asyncIterableIterator(topic(walletId));
        const { rows } = await pool
          .query({ name: "balance", text: "SELECT balance, version FROM wallets WHERE id = $1", values: [walletId] })
          .catch(async (error) => {
            await events.return();
            throw error;
          });
        let first = rows[0] && { myBalance: { version: Number(rows[0].version), balance: rows[0].balance, transaction: null } };
        return {
          next() {
            if (first) {
              const value = first;
              first = null;
              return Promise.resolve({ value, done: false });
            }
            return events.next();
          },
          return: () => events.return(),
          throw: (error) => events.throw(error),
          [Symbol.asyncIterator]() {
            return this;
          },
        };
      },
    },
  },
};

const schema = makeExecutableSchema({ typeDefs, resolvers });
const apollo = new ApolloServer({ schema, introspection: false });
await apollo.start();

async function readBody(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

// POST /graphql through Apollo's own HTTP entry point (what its integrations call).
const server = http.createServer(async (request, response) => {
  try {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    const text = await readBody(request);
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: request.method ?? "GET",
        headers,
        search: new URL(request.url ?? "/", "http://peer").search,
        body: text ? JSON.parse(text) : undefined,
      },
      context: async () => ({ walletId: walletOf(request.headers.authorization) }),
    });
    const body = result.body.kind === "complete" ? result.body.string : await collect(result.body.asyncIterator);
    const out = { "content-length": Buffer.byteLength(body) };
    for (const [name, value] of result.headers) out[name] = value;
    response.writeHead(result.status ?? 200, out);
    response.end(body);
  } catch (error) {
    response.writeHead(400, { "content-type": "application/json" });
    response.end(JSON.stringify({ errors: [{ message: String(error?.message ?? error) }] }));
  }
});

async function collect(chunks) {
  let body = "";
  for await (const chunk of chunks) body += chunk;
  return body;
}

const wsServer = new WebSocketServer({ server, path: "/graphql/ws" });
useServer(
  {
    schema,
    context: (ctx) => ({ walletId: walletOf(ctx.connectionParams?.authorization) }),
  },
  wsServer,
);

const { host, port } = listenAddress();
server.keepAliveTimeout = 120_000;
server.listen(port, host, () => console.log(`apollo peer listening on ${host}:${port}`));
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));
