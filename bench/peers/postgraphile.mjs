// PostGraphile 5 beside Kassa in the benchmark (docs/benchmarks.md, "Peers"), run with Node 22
// (npm's node@22 in node_modules/.bin/node). The amber preset's generated schema over Kassa's
// tables, plus two fields of extendSchema plans: Query.myWallet (the generated Wallet, found
// by the bench's bearer token without a lookup) and Subscription.myBalance (LISTEN/NOTIFY,
// PostGraphile's native live source: kassa_bench_top_up_notify sends pg_notify inside its
// transaction). The top-up is the generated mutation of that function. One pg pool of
// PEER_POOL_SIZE (16, as Kassa's); GraphQL over POST /graphql and graphql-ws at /graphql.
//
//   DATABASE_URL=postgres://… PEER_LISTEN=127.0.0.1:18212 node_modules/.bin/node postgraphile.mjs
import { createServer } from "node:http";

import { postgraphile } from "postgraphile";
import { makePgService } from "postgraphile/adaptors/pg";
import { context, lambda, listen } from "postgraphile/grafast";
import { grafserv } from "postgraphile/grafserv/node";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { extendSchema, gql } from "postgraphile/utils";
import { jsonParse } from "postgraphile/@dataplan/json";

import { listenAddress, walletOf } from "./bench-token.mjs";

const LivePlugin = extendSchema((build) => {
  const { wallets } = build.input.pgRegistry.pgResources;
  return {
    typeDefs: gql`
      extend type Query {
        "The caller's wallet: the bench token's customer, no lookup (the peers authenticate no one)."
        myWallet: Wallet
      }
      type BalanceEvent { version: Int! balance: String! transaction: EventTransaction }
      type EventTransaction { id: ID! createdAt: String! }
      extend type Subscription { myBalance: BalanceEvent }
    `,
    objects: {
      Query: {
        plans: {
          myWallet() {
            return wallets.get({ id: context().get("walletId") });
          },
        },
      },
      Subscription: {
        plans: {
          myBalance: {
            subscribePlan() {
              const $id = context().get("walletId");
              const $wallet = wallets.get({ id: $id });
              // The current state first, as Kassa sends it, in the notification's own form.
              const $initial = lambda([$wallet.get("version"), $wallet.get("balance")], ([version, balance]) =>
                JSON.stringify({ version: Number(version), balance, transaction: null }),
              );
              const $topic = lambda($id, (id) => `kassa_bench_wallet:${id}`);
              return listen(context().get("pgSubscriber"), $topic, jsonParse, $initial);
            },
            plan($event) {
              return $event;
            },
          },
        },
      },
    },
  };
});

const { host, port } = listenAddress();
const preset = {
  extends: [PostGraphileAmberPreset],
  plugins: [LivePlugin],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ["public"],
      pubsub: true,
      poolConfig: { max: Number(process.env.PEER_POOL_SIZE ?? 16) },
    }),
  ],
  grafserv: { host, port, graphqlPath: "/graphql", websockets: true, graphiql: false },
  grafast: {
    explain: false,
    context(requestContext) {
      const authorization =
        requestContext.node?.req?.headers?.authorization ?? requestContext.ws?.normalizedConnectionParams?.authorization;
      return { walletId: walletOf(authorization) };
    },
  },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.keepAliveTimeout = 120_000;
server.on("error", (error) => {
  console.error(error);
  process.exit(1);
});
serv.addTo(server).catch((error) => {
  console.error(error);
  process.exit(1);
});
server.listen(port, host, () => console.log(`postgraphile peer listening on ${host}:${port}`));
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));
