// node --test lib/kassa.test.mjs, against a running Kassa (KASSA_URL): the graphql-ws
// settings of lib/kassa.mjs and cli/ give a refused token (close 4403) to the subscriber
// after ONE connection, while graphql-ws' own default keeps reconnecting. Counts
// connections, never times them.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AUTH_REFUSED, collect, wsClient } from './kassa.mjs';

const BASE = process.env.KASSA_URL;
const BAD = 'not-a-real-session-token';
const LIVE = 'subscription Live { myBalance { balance version } }';

/** Subscribes with `token` and resolves with {connections, closes, failure} once it ends. */
async function subscribeWith(token, options) {
  let connections = 0;
  const closes = [];
  const client = wsClient(BASE, token, {
    ...options,
    on: { connecting: () => connections++, closed: (e) => closes.push(e?.code) },
  });
  const live = collect(client, LIVE);
  const end = await live.ended;
  await client.dispose();
  return { connections, closes, failure: end.error };
}

test('a refused token ends the subscription after one connection (retryAttempts: Infinity)', { skip: !BASE && 'KASSA_URL unset' }, async () => {
  const { connections, closes, failure } = await subscribeWith(BAD, { retryAttempts: Infinity, retryWait: async () => {} });
  assert.equal(connections, 1);
  assert.deepEqual(closes, [AUTH_REFUSED]);
  assert.match(failure.message, /socket closed 4403/);
});

test("graphql-ws' default shouldRetry reconnects after 4403: the setting is what stops it", { skip: !BASE && 'KASSA_URL unset' }, async () => {
  // The default (undefined falls back to it), with no back-off so the test stays fast.
  const { connections, closes } = await subscribeWith(BAD, { retryAttempts: 2, retryWait: async () => {}, shouldRetry: undefined });
  assert.equal(connections, 3, 'the first connection and two retries');
  assert.deepEqual(closes, [AUTH_REFUSED, AUTH_REFUSED, AUTH_REFUSED]);
});

test('cli/watch-balance.mjs with a refused token says so and exits 1 after one connection', { skip: !BASE && 'KASSA_URL unset' }, async () => {
  const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'watch-balance.mjs');
  const child = spawn(process.execPath, [cli, '--url', BASE], { env: { ...process.env, KASSA_TOKEN: BAD } });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  assert.equal(code, 1, stderr);
  assert.equal(stderr.match(/connecting to /g)?.length, 1, stderr);
  assert.match(stderr, /refused the token \(4403/);
  assert.doesNotMatch(stderr, /reconnecting/);
});
