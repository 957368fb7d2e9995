#!/usr/bin/env node
// Browser test: a crafted link cannot send a session anywhere else. Opens the web app as
// /app/?api=https://evil.example (older builds took that parameter, stored it, and sent
// the bearer token and every typed password there), signs in through the page, watches the
// live balance, and fails if any request, fetch or WebSocket leaves the page's origin. It
// also checks that the page carries its Content-Security-Policy.
//
//   KASSA_URL=http://127.0.0.1:18080 KASSA_ADMIN_EMAIL=... KASSA_ADMIN_PASSWORD=... node token-test.mjs
//
// Prints "1 passed, 0 failed" on success, exits non-zero otherwise.
import { launch, requireSetup, runOne, signIn } from './lib/browser.mjs';
import { gql } from './lib/kassa.mjs';
import { loadOperations } from './lib/operations.mjs';

const BASE = process.env.KASSA_URL || 'http://127.0.0.1:18080';
const APP = new URL('/app/', BASE);
const log = (...a) => console.log('  ', ...a);

requireSetup();
const ops = loadOperations();

async function main(use) {
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const customer = { email: `crafted-${stamp}@example.com`, password: `crafted-pw-${stamp}`, name: `Crafted ${stamp}` };
  await gql(BASE, ops.SignUp, { input: customer });

  const browser = use(await launch());
  const context = await browser.newContext();
  // Something an earlier visit to a crafted link left behind.
  await context.addInitScript(() => localStorage.setItem('kassa.api', 'https://evil.example'));
  const page = await context.newPage();
  const seen = [];
  page.on('request', (request) => seen.push(request.url()));
  page.on('websocket', (socket) => seen.push(socket.url()));

  const crafted = new URL('?api=https://evil.example', APP).toString();
  const response = await page.goto(crafted, { waitUntil: 'load' });
  const policy = response.headers()['content-security-policy'] || '';
  if (!policy.includes("connect-src 'self'") || !policy.includes("frame-ancestors 'none'")) {
    throw new Error(`the app is served without its Content-Security-Policy: "${policy}"`);
  }
  await signIn(page, customer.email, customer.password, { live: true });

  const origin = APP.origin;
  const wsOrigin = origin.replace(/^http/, 'ws');
  const away = seen.filter((url) => !url.startsWith(origin) && !url.startsWith(wsOrigin) && !url.startsWith('data:'));
  log(`${seen.length} requests, all to ${origin}`);
  if (away.length) throw new Error(`requests left the origin: ${away.join(', ')}`);
  if (!seen.some((url) => url.startsWith(wsOrigin))) throw new Error('the live balance did not open its WebSocket');
  const stored = await page.evaluate(() => localStorage.getItem('kassa.api'));
  if (stored !== null) throw new Error(`a foreign origin is still stored: ${stored}`);
}

await runOne('a crafted ?api= link sends nothing outside the origin', main);
