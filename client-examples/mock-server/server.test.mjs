// node --test mock-server/ : the mock server started for real, as a child process on a free
// loopback port, and used over HTTP and WebSocket the way the examples use it. Also a
// fresh clone (a copy of server.mjs in a temporary tree with nothing outside it): the
// contract is found inside the repository, and without one the server says so clearly.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { loadOperations } from '../lib/operations.mjs';
import { freePort } from './ports.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const SERVER = join(here, 'server.mjs');
const CONTRACT = join(here, '..', '..', 'tests', 'contract', 'schema.graphql');
const ADMIN = { email: 'mock-admin@example.com', password: 'mock-admin-password' };
const ops = loadOperations();

// ---- starting and stopping the server ----------------------------------------------------

/** The environment of a child: the admin to seed, KASSA_SCHEMA only when asked for. */
function childEnv(extra) {
  const env = { ...process.env, KASSA_ADMIN_EMAIL: ADMIN.email, KASSA_ADMIN_PASSWORD: ADMIN.password };
  delete env.KASSA_SCHEMA;
  return { ...env, ...extra };
}

function run(script, args, env) {
  const child = spawn(process.execPath, [script, ...args], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => output };
}

/** Starts the server and waits until GET /healthz answers; {base, port, output(), stop()}. */
async function start({ script = SERVER, env = {} } = {}) {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const proc = run(script, ['--listen', `127.0.0.1:${port}`], env);
    let exit = null;
    proc.exited.then((e) => (exit = e));
    const deadline = Date.now() + 15_000;
    while (!exit && Date.now() < deadline) {
      const ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
      if (ok) {
        return {
          base,
          port,
          output: proc.output,
          stop: async () => {
            if (!exit) {
              proc.child.kill('SIGTERM');
              await proc.exited;
            }
          },
        };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!exit) {
      proc.child.kill('SIGKILL');
      await proc.exited;
      throw new Error(`the mock server did not answer on ${base}/healthz within 15 s:\n${proc.output()}`);
    }
    // The port was taken between the probe and the listen: try another one.
    if (attempt < 3 && /EADDRINUSE/.test(proc.output())) continue;
    throw new Error(`the mock server exited (${exit.code ?? exit.signal}) before answering:\n${proc.output()}`);
  }
}

/** Runs the server expecting it to stop by itself; {code, output}. */
async function runToExit({ script = SERVER, env = {} } = {}) {
  const proc = run(script, ['--listen', `127.0.0.1:${await freePort()}`], env);
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), 15_000);
  const { code } = await proc.exited;
  clearTimeout(timer);
  return { code, output: proc.output() };
}

/** POST /graphql; resolves to the parsed response body (data and errors as sent). */
async function post(base, query, variables = {}, token = null) {
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const operationName = query.match(/\b(?:query|mutation|subscription)\s+(\w+)/)?.[1];
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables, operationName }) });
  assert.equal(res.status, 200, `HTTP ${res.status} for ${operationName}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  return res.json();
}

async function within(ms, promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// ---- the server as it is in this repository --------------------------------------------

describe('the mock server, started from this repository', () => {
  let server;
  let admin; // signIn's payload

  before(async () => {
    server = await start();
  });
  after(async () => {
    await server?.stop();
  });

  test('serves the contract the repository pins at tests/contract/schema.graphql', () => {
    assert.match(server.output(), /mock Kassa on http:\/\/127\.0\.0\.1:\d+ /);
    assert.ok(server.output().includes(`contract ${CONTRACT}`), server.output());
  });

  test('signs in the admin given by KASSA_ADMIN_EMAIL and KASSA_ADMIN_PASSWORD', async () => {
    const body = await post(server.base, ops.SignIn, { input: ADMIN });
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    admin = body.data.signIn;
    assert.ok(admin.token.length >= 20, 'a bearer token');
    assert.equal(admin.user.email, ADMIN.email);
    assert.deepEqual(admin.user.roles, ['CUSTOMER', 'ADMIN']);
    assert.match(admin.user.wallet.number, /^\d{12}$/);

    const wrong = await post(server.base, ops.SignIn, { input: { ...ADMIN, password: 'not-the-password' } });
    assert.equal(wrong.data, null);
    assert.equal(wrong.errors[0].extensions.code, 'UNAUTHENTICATED');
  });

  test('a query answers data', async () => {
    assert.ok(admin, 'signed in by the test before');
    const body = await post(server.base, ops.MyWallet, { first: 5 }, admin.token);
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    const w = body.data.myWallet;
    assert.equal(w.number, admin.user.wallet.number);
    assert.equal(w.balance, '0.00');
    assert.equal(w.currency, 'RUB');
    assert.equal(w.version, 0);
    assert.deepEqual(w.transactions.edges, []);
    assert.equal(w.transactions.pageInfo.hasNextPage, false);

    const me = await post(server.base, ops.Me, {}, admin.token);
    assert.equal(me.data.me.email, ADMIN.email);
    const anonymous = await post(server.base, ops.Me);
    assert.deepEqual(anonymous, { data: { me: null } });
  });

  test('a bad amount answers extensions.code BAD_USER_INPUT', async () => {
    assert.ok(admin, 'signed in by the test before');
    for (const amount of ['12.345', '-5', '0.00', 'ten']) {
      const input = { amount, orderReference: 'ORDER-1', idempotencyKey: `bad-amount-${amount}` };
      const body = await post(server.base, ops.PayFromWallet, { input }, admin.token);
      assert.equal(body.data, null, `amount ${amount}`);
      assert.equal(body.errors.length, 1, JSON.stringify(body.errors));
      assert.equal(body.errors[0].extensions.code, 'BAD_USER_INPUT', `amount ${amount}: ${JSON.stringify(body.errors)}`);
      assert.deepEqual(body.errors[0].path, ['payFromWallet']);
    }
  });

  test('a myBalance subscription over graphql-ws yields the current state first', async () => {
    assert.ok(admin, 'signed in by the test before');
    const client = createClient({
      url: `ws://127.0.0.1:${server.port}/graphql/ws`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${admin.token}` },
      retryAttempts: 0,
    });
    try {
      const events = client.iterate({ query: ops.MyBalance, operationName: 'MyBalance' });
      const first = await within(5000, events.next(), 'myBalance');
      assert.equal(first.done, false);
      assert.equal(first.value.errors, undefined, JSON.stringify(first.value.errors));
      const e = first.value.data.myBalance;
      assert.equal(e.walletNumber, admin.user.wallet.number);
      assert.equal(e.balance, '0.00');
      assert.equal(e.currency, 'RUB');
      assert.equal(e.version, 0);
      assert.equal(e.transaction, null, 'the first event is the current state');
      await events.return();
    } finally {
      await client.dispose();
    }
  });

  test('a subscription without a token ends with UNAUTHENTICATED', async () => {
    const client = createClient({ url: `ws://127.0.0.1:${server.port}/graphql/ws`, webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const events = client.iterate({ query: ops.MyBalance, operationName: 'MyBalance' });
      const outcome = await within(5000, events.next().then((r) => r, (e) => ({ thrown: e })), 'myBalance without a token');
      const errors = outcome.thrown ?? outcome.value?.errors;
      assert.ok(Array.isArray(errors), `errors, not ${JSON.stringify(outcome)}`);
      assert.equal(errors[0].extensions.code, 'UNAUTHENTICATED');
    } finally {
      await client.dispose();
    }
  });
});

// ---- a fresh clone: nothing outside the repository ---------------------------------------

describe('the mock server in a fresh clone', () => {
  const made = [];
  /** A temporary tree <tmp>/kassa with client-examples/mock-server/server.mjs (a copy). */
  function clone({ withContract }) {
    const tmp = mkdtempSync(join(tmpdir(), 'kassa-mock-'));
    made.push(tmp);
    const repo = join(tmp, 'kassa');
    mkdirSync(join(repo, 'client-examples', 'mock-server'), { recursive: true });
    const script = join(repo, 'client-examples', 'mock-server', 'server.mjs');
    for (const f of readdirSync(here).filter((f) => /\.(mjs|graphql)$/.test(f) && !f.endsWith('.test.mjs'))) copyFileSync(join(here, f), join(repo, 'client-examples', 'mock-server', f));
    mkdirSync(join(repo, 'client-examples', 'gateway-sim'));
    copyFileSync(join(here, '..', 'gateway-sim', 'signatures.mjs'), join(repo, 'client-examples', 'gateway-sim', 'signatures.mjs'));
    symlinkSync(join(here, '..', 'node_modules'), join(repo, 'client-examples', 'node_modules'), 'dir');
    const contract = join(repo, 'tests', 'contract', 'schema.graphql');
    if (withContract) {
      mkdirSync(dirname(contract), { recursive: true });
      copyFileSync(CONTRACT, contract);
    }
    return { tmp, repo, script, contract };
  }
  after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

  test('finds tests/contract/schema.graphql inside the clone and answers', async () => {
    const c = clone({ withContract: true });
    const server = await start({ script: c.script });
    try {
      assert.ok(server.output().includes(`contract ${c.contract}`), server.output());
      const body = await post(server.base, ops.WalletConfig);
      assert.deepEqual(body, { data: { walletConfig: { currency: 'RUB', topUpAvailable: false, maxOperationAmount: '1000000.00' } } });
    } finally {
      await server.stop();
    }
  });

  test('KASSA_SCHEMA comes before the pinned contract', async () => {
    const c = clone({ withContract: true });
    const elsewhere = join(c.tmp, 'elsewhere.graphql');
    copyFileSync(CONTRACT, elsewhere);
    const server = await start({ script: c.script, env: { KASSA_SCHEMA: elsewhere } });
    try {
      assert.ok(server.output().includes(`contract ${elsewhere}`), server.output());
    } finally {
      await server.stop();
    }
  });

  test('without any contract it exits with a clear message', async () => {
    const c = clone({ withContract: false });
    const { code, output } = await runToExit({ script: c.script });
    assert.equal(code, 2, output);
    assert.match(output, /mock-server: no GraphQL contract found; tried:/);
    assert.ok(output.includes(c.contract), output);
    assert.match(output, /set KASSA_SCHEMA=/);
    assert.doesNotMatch(output, /at .*server\.mjs:\d+/, 'a message, not a stack trace');
  });

  test('a KASSA_SCHEMA that does not exist is an error, not a fallback', async () => {
    const c = clone({ withContract: true });
    const missing = join(c.tmp, 'missing.graphql');
    const { code, output } = await runToExit({ script: c.script, env: { KASSA_SCHEMA: missing } });
    assert.equal(code, 2, output);
    assert.ok(output.includes(`mock-server: KASSA_SCHEMA=${missing} does not exist`), output);
  });
});
