#!/usr/bin/env node
// Prints a Kassa wallet's balance events as they arrive (the myBalance subscription).
//
//   KASSA_URL=http://127.0.0.1:18080 KASSA_EMAIL=olga@example.com KASSA_PASSWORD=... \
//     node cli/watch-balance.mjs
//   node cli/watch-balance.mjs --url http://127.0.0.1:18080 --email olga@example.com [--password ...]
//   options: --count N   exit after N events (0 = run until Ctrl-C)
//            --json      one JSON object per event instead of a line of text
//   KASSA_TOKEN=... uses an existing session instead of signing in.
//
// Reconnects forever (graphql-ws retry with back-off), except when the server refuses the
// token (close 4403): that ends it at once with exit code 1. Versions are gapless, so a jump
// is reported (events were missed while away; the event itself carries the current
// balance) and an event that is not newer than the last one is skipped.
import { parseArgs } from 'node:util';
import { AUTH_REFUSED, gql, wsClient, GraphQLRequestError } from '../lib/kassa.mjs';
import { loadOperations } from '../lib/operations.mjs';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.KASSA_URL || 'http://127.0.0.1:8080' },
    email: { type: 'string', default: process.env.KASSA_EMAIL },
    password: { type: 'string', default: process.env.KASSA_PASSWORD },
    count: { type: 'string', default: '0' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log('usage: watch-balance.mjs [--url URL] [--email E] [--password P] [--count N] [--json]\n(env: KASSA_URL, KASSA_EMAIL, KASSA_PASSWORD, KASSA_TOKEN)');
  process.exit(0);
}
const ops = loadOperations();
const maxEvents = Number(args.count) || 0;
const stamp = () => new Date().toISOString().slice(11, 19);
const err = (...a) => console.error(`[${stamp()}]`, ...a);

let token = process.env.KASSA_TOKEN;
let signedInHere = false;
if (!token) {
  if (!args.email || !args.password) {
    console.error('give --email and --password (or KASSA_EMAIL / KASSA_PASSWORD, or KASSA_TOKEN)');
    process.exit(2);
  }
  try {
    const { signIn } = await gql(args.url, ops.SignIn, { input: { email: args.email, password: args.password } });
    token = signIn.token;
    signedInHere = true;
    err(`signed in as ${signIn.user.name} <${signIn.user.email}>, wallet ${signIn.user.wallet.number.replace(/(\d{4})(?=\d)/g, '$1 ')}`);
  } catch (e) {
    console.error(e instanceof GraphQLRequestError ? `sign-in failed: ${e.message}` : `cannot reach ${args.url}: ${e.message}`);
    process.exit(1);
  }
}

let last = null;
let seen = 0;
// lib/kassa.mjs' wsClient brings `shouldRetry`: every close is retried but 4403.
const client = wsClient(args.url, token, {
  retryAttempts: Infinity,
  keepAlive: 15_000,
  on: {
    connecting: () => err(`connecting to ${args.url}`),
    connected: () => err('connected, watching myBalance'),
    closed: (e) => {
      if (stopping) return;
      const why = `${e?.code ?? '?'}${e?.reason ? ` ${e.reason}` : ''}`;
      err(e?.code === AUTH_REFUSED ? `the server refused the token (${why}): sign in again` : `connection closed (${why}), reconnecting…`);
    },
  },
});

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  await client.dispose();
  if (signedInHere) await gql(args.url, ops.SignOut, {}, { token }).catch(() => {});
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

client.subscribe(
  { query: ops.MyBalance, operationName: 'MyBalance' },
  {
    next: ({ data, errors }) => {
      if (errors?.length || !data) {
        err(`error: ${new GraphQLRequestError('MyBalance', errors).message}`);
        return;
      }
      const e = data.myBalance;
      if (last != null && e.version <= last) return; // a duplicate after a reconnect
      const gap = last != null && e.version > last + 1;
      last = e.version;
      seen++;
      if (args.json) {
        console.log(JSON.stringify({ ...e, missedVersions: gap }));
      } else {
        const t = e.transaction;
        const what = t ? `${t.kind} ${['TOP_UP', 'REFUND'].includes(t.kind) ? '+' : '-'}${t.amount}${t.comment ? ` (${t.comment})` : ''}` : 'current state';
        console.log(`${stamp()}  v${e.version}  ${e.balance} ${e.currency}  ${what}${gap ? '  [versions missed while away]' : ''}`);
      }
      if (maxEvents && seen >= maxEvents) stop(0);
    },
    error: (e) => {
      if (stopping) return;
      err(`subscription ended: ${Array.isArray(e) ? new GraphQLRequestError('MyBalance', e).message : e?.reason || e?.message || e?.code}`);
      stop(1);
    },
    complete: () => {
      if (stopping) return;
      err('subscription completed by the server (signed out?)');
      stop(0);
    },
  },
);
