#!/usr/bin/env node
// An in-memory STAND-IN for the Kassa server, built from the public contract with
// graphql-js and graphql-ws. It is NOT Kassa: no database, no ledger, no real security.
// It exists so the examples (web app, run-all, browser test, CLI) can be developed and
// smoke-tested without the Rust server. Same transport: POST /graphql, WS /graphql/ws,
// static web app at /app/.
//
//   KASSA_ADMIN_EMAIL=admin@example.com KASSA_ADMIN_PASSWORD=admin-password \
//   node mock-server/server.mjs --listen 127.0.0.1:18081
import http from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join, dirname, extname, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes, createHash } from 'node:crypto';
import { buildSchema, parse, validate, execute, GraphQLError } from 'graphql';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { contractSdl } from './contract.mjs';
import { online } from './online.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : def;
};
const LISTEN = arg('--listen', process.env.KASSA_LISTEN || '127.0.0.1:18081');
const WEB_DIR = arg('--web', process.env.KASSA_WEB_DIR || join(here, '..', 'web', 'dist'));
const SCHEMA = findContract();
// The schema plus the binding additions beside it or in shared/contract (gateways.graphql,
// operations.graphql) and the announced resolveTopUpInvoice (pending.graphql).
const CONTRACT = contractSdl(SCHEMA);
const schema = buildSchema(CONTRACT.sdl);

// The public contract this stand-in serves: KASSA_SCHEMA if set, else the copy the
// repository pins at tests/contract/schema.graphql (a Rust test keeps it equal to the
// published one), else a shared/contract checkout outside the repository. Not the repo
// root's schema.graphql: that is the real server's exported schema, with its additions.
function findContract() {
  const fromEnv = process.env.KASSA_SCHEMA;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    fail(`KASSA_SCHEMA=${fromEnv} does not exist`);
  }
  const repo = join(here, '..', '..');
  const candidates = [
    join(repo, 'tests', 'contract', 'schema.graphql'),
    join(repo, '..', 'shared', 'contract', 'schema.graphql'),
    join(repo, 'shared', 'contract', 'schema.graphql'),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) fail(`no GraphQL contract found; tried:\n  ${candidates.join('\n  ')}`);
  return found;
}
function fail(problem) {
  console.error(`mock-server: ${problem}\nset KASSA_SCHEMA=path/to/schema.graphql (the repository pins the contract at tests/contract/schema.graphql)`);
  process.exit(2);
}

// ---------- store -------------------------------------------------------------------
const err = (code, message) => new GraphQLError(message, { extensions: { code } });
const MAX = 100000000n; // cents
const toCents = (s) => {
  if (typeof s !== 'string' || !/^\d+(\.\d{1,2})?$/.test(s)) throw err('BAD_USER_INPUT', `invalid amount ${JSON.stringify(s)}`);
  const [i, f = ''] = s.split('.');
  const c = BigInt(i) * 100n + BigInt((f + '00').slice(0, 2));
  if (c <= 0n || c > MAX) throw err('BAD_USER_INPUT', 'amount out of range');
  return c;
};
const fmt = (c) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const luhnOk = (n) => {
  let sum = 0;
  for (let i = 0; i < n.length; i++) {
    let d = Number(n[n.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
};
const luhnComplete = (body) => {
  for (let c = 0; c < 10; c++) if (luhnOk(body + c)) return body + c;
};

let seq = 1;
const users = new Map(); // id -> user
const wallets = new Map(); // id -> wallet
const txs = []; // all transactions in order
const sessions = new Map(); // token -> {userId, revoked}
const cashiers = new Map(); // userId -> {addedBy, addedAt}
const bindings = new Map();
const idem = new Map(); // actor|key -> {hash, result}
const listeners = new Set(); // fn(event)

function createUser({ email, password, name }, isAdmin = false) {
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw err('BAD_USER_INPUT', 'invalid email');
  if ((password || '').length < 8 || password.length > 128) throw err('BAD_USER_INPUT', 'password must be 8 to 128 characters');
  if ([...users.values()].some((u) => u.email.toLowerCase() === email.toLowerCase())) throw err('BAD_USER_INPUT', 'email already registered');
  const id = String(seq++);
  const u = { id, email, name, password, isAdmin, createdAt: now() };
  users.set(id, u);
  const number = luhnComplete(String(100000000000 + Number(id) * 7919).slice(0, 11));
  const w = { id: String(seq++), number, ownerId: id, cents: 0n, version: 0, createdAt: now() };
  wallets.set(w.id, w);
  u.walletId = w.id;
  return u;
}
function issue(u) {
  const token = randomBytes(32).toString('base64url');
  sessions.set(token, { userId: u.id, revoked: false });
  return { token, expiresAt: new Date(Date.now() + 30 * 864e5).toISOString().replace(/\.\d+Z$/, 'Z'), user: userObj(u) };
}
const roles = (u) => ['CUSTOMER', ...(cashiers.has(u.id) ? ['CASHIER'] : []), ...(u.isAdmin ? ['ADMIN'] : [])];

// ---------- object views (graphql default resolver calls functions) -------------------
function userObj(u) {
  return { id: u.id, email: u.email, name: u.name, createdAt: u.createdAt, roles: () => roles(u), wallet: () => walletObj(wallets.get(u.walletId)) };
}
function page(list, first = 20, after = null) {
  let start = 0;
  if (after) {
    const i = list.findIndex((x) => x.cursor === after);
    if (i < 0) throw err('BAD_USER_INPUT', 'invalid cursor');
    start = i + 1;
  }
  if (first < 0 || first > 100) throw err('BAD_USER_INPUT', 'first must be 0..100');
  const slice = list.slice(start, start + first);
  return {
    edges: slice.map((x) => ({ cursor: x.cursor, node: x.node })),
    pageInfo: { hasPreviousPage: start > 0, hasNextPage: start + first < list.length, startCursor: slice[0]?.cursor ?? null, endCursor: slice.at(-1)?.cursor ?? null },
  };
}
function walletObj(w) {
  return {
    id: w.id,
    number: w.number,
    owner: () => userObj(users.get(w.ownerId)),
    balance: fmt(w.cents),
    currency: 'RUB',
    version: w.version,
    createdAt: w.createdAt,
    ...(ONLINE ? ext.walletFields(w) : {}),
    transactions: ({ first, after, filter }) => {
      let list = txs.filter((t) => t.walletId === w.id).reverse();
      if (filter?.kinds) list = list.filter((t) => filter.kinds.includes(t.kind));
      if (filter?.since) list = list.filter((t) => t.createdAt >= filter.since);
      if (filter?.until) list = list.filter((t) => t.createdAt < filter.until);
      return page(list.map((t) => ({ cursor: `t${t.id}`, node: txObj(t) })), first ?? 20, after);
    },
  };
}
function txObj(t) {
  return {
    ...t,
    amount: fmt(t.cents),
    balanceAfter: fmt(t.after),
    walletVersion: t.version,
    wallet: () => walletObj(wallets.get(t.walletId)),
    performedBy: () => userObj(users.get(t.by)),
    paymentSystem: () => (t.psId ? bindingObj(bindings.get(t.psId), true) : null),
    refundOf: () => (t.refundOf ? txObj(txs.find((x) => x.id === t.refundOf)) : null),
    ...(ONLINE ? ext.txFields(t) : {}),
  };
}
function bindingObj(b, isAdmin) {
  return { ...b, merchantId: isAdmin ? b.merchantId : null, hasSecret: !!b.secret, secret: undefined, ...(ONLINE ? ext.bindingFields(b, isAdmin) : {}) };
}

// ---------- auth --------------------------------------------------------------------
function viewer(ctx, role) {
  const s = ctx.token && sessions.get(ctx.token);
  if (!s || s.revoked) throw err('UNAUTHENTICATED', 'sign in first');
  const u = users.get(s.userId);
  if (role && !role.some((r) => roles(u).includes(r))) throw err('FORBIDDEN', 'not allowed');
  return u;
}
function walletByNum(number) {
  if (!/^\d{12}$/.test(number) || !luhnOk(number)) throw err('BAD_USER_INPUT', 'wallet number must be 12 digits with a valid check digit');
  return [...wallets.values()].find((w) => w.number === number) || null;
}

// ---------- money -------------------------------------------------------------------
function move(ctx, u, key, input, fn) {
  if (!key || key.length > 255) throw err('BAD_USER_INPUT', 'idempotencyKey must be 1 to 255 characters');
  const k = `${u.id}|${key}`;
  const hash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
  const prev = idem.get(k);
  if (prev) {
    if (prev.hash !== hash) throw err('IDEMPOTENCY_KEY_REUSED', 'this idempotency key was used with other input');
    return { transaction: txObj(prev.tx), wallet: walletObj(wallets.get(prev.tx.walletId)) };
  }
  const tx = fn();
  idem.set(k, { hash, tx });
  emit(tx);
  return { transaction: txObj(tx), wallet: walletObj(wallets.get(tx.walletId)) };
}
/** The balance event of a posted transaction, to every live subscription. */
function emit(tx) {
  const w = wallets.get(tx.walletId);
  const event = { walletId: tx.walletId, walletNumber: w.number, balance: fmt(tx.after), currency: 'RUB', version: tx.version, transaction: txObj(tx), wallet: walletObj(w) };
  setTimeout(() => listeners.forEach((l) => l(event, tx)), 5);
}
function post(w, kind, cents, by, extra) {
  if (kind === 'WRITE_OFF' || kind === 'PAYMENT') {
    if (w.cents < cents) throw err('INSUFFICIENT_FUNDS', 'the balance is lower than the amount');
    w.cents -= cents;
  } else w.cents += cents;
  w.version += 1;
  const t = { id: String(seq++), kind, cents, walletId: w.id, after: w.cents, version: w.version, by, psId: null, reference: null, comment: null, refundOf: null, createdAt: now(), ...extra };
  txs.push(t);
  return t;
}

// ---------- subscriptions -------------------------------------------------------------
function stream(ctx, initial, filter, map, stillAllowed) {
  const queue = [];
  let wake = null;
  let closed = false;
  const push = (v) => {
    queue.push(v);
    wake?.();
  };
  const onEvent = (event, tx) => {
    if (filter(event, tx)) push(map(event, tx));
  };
  listeners.add(onEvent);
  const guard = setInterval(() => {
    try {
      stillAllowed();
    } catch (e) {
      push(e);
    }
  }, 200);
  if (initial) queue.push(initial);
  const cleanup = () => {
    closed = true;
    listeners.delete(onEvent);
    clearInterval(guard);
    wake?.();
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      while (!closed) {
        if (queue.length) {
          const v = queue.shift();
          if (v instanceof Error) {
            cleanup();
            throw v;
          }
          return { value: v, done: false };
        }
        await new Promise((r) => (wake = r));
        wake = null;
      }
      return { value: undefined, done: true };
    },
    async return() {
      cleanup();
      return { value: undefined, done: true };
    },
  };
}
const balanceEvent = (w) => ({ walletId: w.id, walletNumber: w.number, balance: fmt(w.cents), currency: 'RUB', version: w.version, transaction: null });

// ---------- root ----------------------------------------------------------------------
const root = {
  me: (_a, ctx) => {
    const s = ctx.token && sessions.get(ctx.token);
    return s && !s.revoked ? userObj(users.get(s.userId)) : null;
  },
  myWallet: (_a, ctx) => walletObj(wallets.get(viewer(ctx).walletId)),
  walletByNumber: ({ number }, ctx) => {
    viewer(ctx, ['CASHIER', 'ADMIN']);
    const w = walletByNum(number);
    return w && walletObj(w);
  },
  recentTransactions: ({ since, first, after }, ctx) => {
    viewer(ctx, ['CASHIER', 'ADMIN']);
    const s = since || new Date(Date.now() - 864e5).toISOString();
    const list = txs.filter((t) => t.createdAt >= s.replace(/\.\d+Z$/, 'Z')).reverse();
    return page(list.map((t) => ({ cursor: `t${t.id}`, node: txObj(t) })), first ?? 20, after);
  },
  users: ({ search, first, after }, ctx) => {
    viewer(ctx, ['ADMIN']);
    const q = (search || '').toLowerCase();
    const list = [...users.values()].filter((u) => u.email.toLowerCase().includes(q) || u.name.toLowerCase().includes(q));
    return page(list.map((u) => ({ cursor: `u${u.id}`, node: userObj(u) })), first ?? 20, after);
  },
  cashiers: (_a, ctx) => {
    viewer(ctx, ['ADMIN']);
    return [...cashiers.entries()].map(([id, c]) => ({ user: userObj(users.get(id)), addedBy: c.addedBy ? userObj(users.get(c.addedBy)) : null, addedAt: c.addedAt }));
  },
  paymentSystems: (_a, ctx) => {
    const u = viewer(ctx);
    return [...bindings.values()].filter((b) => u.isAdmin || b.enabled).map((b) => bindingObj(b, u.isAdmin));
  },
  walletConfig: () => ({ currency: 'RUB', topUpAvailable: [...bindings.values()].some((b) => b.enabled), maxOperationAmount: fmt(MAX) }),

  signUp: ({ input }) => issue(createUser(input)),
  signIn: ({ input }) => {
    const u = [...users.values()].find((x) => x.email.toLowerCase() === input.email.toLowerCase());
    if (!u || u.password !== input.password) throw err('UNAUTHENTICATED', 'wrong email or password');
    return issue(u);
  },
  signOut: (_a, ctx) => {
    viewer(ctx);
    sessions.get(ctx.token).revoked = true;
    return true;
  },
  topUpWallet: ({ input }, ctx) => {
    const u = viewer(ctx, ['CASHIER']);
    return move(ctx, u, input.idempotencyKey, input, () => {
      const cents = toCents(input.amount);
      const w = walletByNum(input.walletNumber);
      if (!w) throw err('NOT_FOUND', 'no wallet with this number');
      const b = bindings.get(input.paymentSystemId);
      if (!b) throw err('NOT_FOUND', 'no such payment system');
      if (!b.enabled) throw err('PAYMENT_SYSTEM_DISABLED', 'the payment system is switched off');
      if (!input.receipt?.trim()) throw err('BAD_USER_INPUT', 'receipt is required');
      return post(w, 'TOP_UP', cents, u.id, { psId: b.id, reference: input.receipt, comment: input.comment ?? null });
    });
  },
  writeOffWallet: ({ input }, ctx) => {
    const u = viewer(ctx, ['CASHIER']);
    return move(ctx, u, input.idempotencyKey, input, () => {
      const cents = toCents(input.amount);
      const w = walletByNum(input.walletNumber);
      if (!w) throw err('NOT_FOUND', 'no wallet with this number');
      return post(w, 'WRITE_OFF', cents, u.id, { comment: input.reason });
    });
  },
  payFromWallet: ({ input }, ctx) => {
    const u = viewer(ctx);
    return move(ctx, u, input.idempotencyKey, input, () =>
      post(wallets.get(u.walletId), 'PAYMENT', toCents(input.amount), u.id, { reference: input.orderReference, comment: input.description ?? null }),
    );
  },
  refundPayment: ({ input }, ctx) => {
    const u = viewer(ctx, ['CASHIER', 'ADMIN']);
    return move(ctx, u, input.idempotencyKey, input, () => {
      const p = txs.find((t) => t.id === input.paymentId && t.kind === 'PAYMENT');
      if (!p) throw err('NOT_FOUND', 'no such payment');
      const refunded = txs.filter((t) => t.refundOf === p.id).reduce((a, t) => a + t.cents, 0n);
      const cents = input.amount == null ? p.cents - refunded : toCents(input.amount);
      if (cents <= 0n || refunded + cents > p.cents) throw err('BAD_USER_INPUT', 'more than is left to refund');
      return post(wallets.get(p.walletId), 'REFUND', cents, u.id, { refundOf: p.id, comment: input.reason });
    });
  },
  createUser: ({ input }, ctx) => {
    const a = viewer(ctx, ['ADMIN']);
    const u = createUser(input);
    ext?.audit('USER_CREATED', a.id, { userId: u.id, details: `created ${u.email}` });
    return userObj(u);
  },
  addCashier: ({ userId }, ctx) => {
    const a = viewer(ctx, ['ADMIN']);
    if (!users.has(userId)) throw err('NOT_FOUND', 'no such user');
    if (!cashiers.has(userId)) {
      cashiers.set(userId, { addedBy: a.id, addedAt: now() });
      ext?.audit('CASHIER_ADDED', a.id, { userId });
    }
    const c = cashiers.get(userId);
    return { user: userObj(users.get(userId)), addedBy: c.addedBy ? userObj(users.get(c.addedBy)) : null, addedAt: c.addedAt };
  },
  removeCashier: ({ userId }, ctx) => {
    const a = viewer(ctx, ['ADMIN']);
    if (!users.has(userId)) throw err('NOT_FOUND', 'no such user');
    const removed = cashiers.delete(userId);
    if (removed) ext?.audit('CASHIER_REMOVED', a.id, { userId });
    return removed;
  },
  createPaymentSystemBinding: ({ input }, ctx) => {
    viewer(ctx, ['ADMIN']);
    if (!input.name.trim()) throw err('BAD_USER_INPUT', 'name is required');
    const b = { id: String(seq++), provider: input.provider, name: input.name, enabled: input.enabled, merchantId: input.merchantId ?? null, secret: input.secret ?? null, createdAt: now(), updatedAt: now() };
    if (ONLINE) Object.assign(b, { paymentSecret: input.paymentSecret ?? null, hashAlgorithm: input.hashAlgorithm ?? 'MD5', testMode: !!input.testMode });
    bindings.set(b.id, b);
    ext?.audit('PAYMENT_SYSTEM_CREATED', viewer(ctx).id, { psId: b.id, details: `${b.provider} "${b.name}"` });
    return bindingObj(b, true);
  },
  updatePaymentSystemBinding: ({ id, input }, ctx) => {
    viewer(ctx, ['ADMIN']);
    const b = bindings.get(id);
    if (!b) throw err('NOT_FOUND', 'no such payment system');
    const changed = ['name', 'merchantId', 'secret', 'enabled', 'paymentSecret', 'hashAlgorithm', 'testMode'].filter((k) => input[k] != null);
    for (const k of changed) b[k] = input[k];
    b.updatedAt = now();
    ext?.audit('PAYMENT_SYSTEM_UPDATED', viewer(ctx).id, { psId: b.id, details: `changed: ${changed.join(', ')}` });
    return bindingObj(b, true);
  },

  myBalance: (_a, ctx) => {
    const u = viewer(ctx);
    const w = wallets.get(u.walletId);
    return stream(ctx, { myBalance: balanceEvent(w) }, (e) => e.walletId === w.id, (e) => ({ myBalance: e }), () => viewer(ctx));
  },
  walletBalance: ({ walletNumber }, ctx) => {
    viewer(ctx, ['CASHIER', 'ADMIN']);
    const w = walletByNum(walletNumber);
    if (!w) throw err('NOT_FOUND', 'no wallet with this number');
    return stream(ctx, { walletBalance: balanceEvent(w) }, (e) => e.walletId === w.id, (e) => ({ walletBalance: e }), () => viewer(ctx, ['CASHIER', 'ADMIN']));
  },
  transactionFeed: (_a, ctx) => {
    viewer(ctx, ['CASHIER', 'ADMIN']);
    return stream(ctx, null, () => true, (_e, tx) => ({ transactionFeed: txObj(tx) }), () => viewer(ctx, ['CASHIER', 'ADMIN']));
  },
};

// Online payments and operations, when the contract files for them are there.
const ONLINE = !!schema.getType('TopUpInvoice') && !!schema.getType('AuditEntry');
var ext = ONLINE
  ? online({ err, now, fmt, toCents, viewer, page, bindings, wallets, users, txs, post, emit, userObj, walletObj, txObj, bindingObj, publicUrl: () => `http://${LISTEN}` })
  : null;
if (ext) Object.assign(root, ext.root);

// Seed the admin.
if (process.env.KASSA_ADMIN_EMAIL && process.env.KASSA_ADMIN_PASSWORD) {
  const admin = createUser({ email: process.env.KASSA_ADMIN_EMAIL, password: process.env.KASSA_ADMIN_PASSWORD, name: 'Admin' }, true);
  ext?.audit('ADMIN_CREATED', null, { userId: admin.id, details: 'from the command line' });
}

// ---------- transport -----------------------------------------------------------------
const withCodes = (errors) =>
  errors.map((e) => {
    const j = e.toJSON ? e.toJSON() : { message: String(e.message) };
    j.extensions = { code: e.extensions?.code || e.originalError?.extensions?.code || 'INTERNAL_SERVER_ERROR' };
    return j;
  });
const bearer = (h) => (typeof h === 'string' && h.startsWith('Bearer ') ? h.slice(7) : null);
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml', '.map': 'application/json' };

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  const send = (status, body, type = 'application/json') => {
    res.writeHead(status, { 'content-type': type });
    res.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
  };
  if (url.pathname === '/healthz') return send(200, 'ok', 'text/plain');
  const notifyPath = /^\/payments\/([^/]+)\/notify$/.exec(url.pathname);
  if (ONLINE && notifyPath && (req.method === 'POST' || req.method === 'GET')) {
    let raw = req.method === 'GET' ? url.search.slice(1) : '';
    for await (const c of req) raw += c;
    if (raw.length > 65536) return send(413, 'too large', 'text/plain');
    const r = ext.notify(decodeURIComponent(notifyPath[1]), req.headers, raw);
    return send(r.status, r.body, r.type);
  }
  if (url.pathname === '/graphql' && req.method === 'POST') {
    let raw = '';
    for await (const c of req) raw += c;
    let body;
    try {
      body = JSON.parse(raw);
    } catch {
      return send(400, { errors: [{ message: 'body is not JSON', extensions: { code: 'BAD_REQUEST' } }] });
    }
    let doc;
    try {
      doc = parse(body.query);
    } catch (e) {
      return send(200, { errors: [{ message: e.message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] });
    }
    const verrs = validate(schema, doc);
    if (verrs.length) return send(200, { errors: verrs.map((e) => ({ message: e.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })) });
    const r = await execute({ schema, document: doc, rootValue: root, contextValue: { token: bearer(req.headers.authorization) }, variableValues: body.variables, operationName: body.operationName });
    if (r.errors) r.errors = withCodes(r.errors);
    return send(200, r);
  }
  if (url.pathname === '/app') {
    // As Kassa does: /app/ first, so the page's ./app.js resolves under it.
    res.writeHead(308, { location: `/app/${url.search}` });
    return res.end();
  }
  if (url.pathname.startsWith('/app/')) {
    let p = normalize(url.pathname.slice(4) || '/').replace(/^(\.\.[/\\])+/, '');
    if (p === '/' || p === '') p = '/index.html';
    const f = join(WEB_DIR, p);
    if (f.startsWith(WEB_DIR) && existsSync(f) && statSync(f).isFile()) return send(200, readFileSync(f), TYPES[extname(f)] || 'application/octet-stream');
    return send(404, 'not found', 'text/plain');
  }
  send(404, 'not found', 'text/plain');
});

const wss = new WebSocketServer({ server, path: '/graphql/ws' });
useServer(
  {
    schema,
    roots: { query: root, mutation: root, subscription: root },
    context: (ctx) => ({ token: bearer(ctx.connectionParams?.authorization) }),
    onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: withCodes(result.errors) } : result),
    onError: (_ctx, _id, _payload, errors) => withCodes(errors),
  },
  wss,
);

const [host, port] = LISTEN.split(':');
server.listen(Number(port), host, () => console.log(`mock Kassa on http://${LISTEN} (web app at /app/ from ${WEB_DIR}; contract ${CONTRACT.files.join(' + ')})`));
