#!/usr/bin/env node
// Browser test: Kassa's balance widget on a page of the portal's own, another origin, signed
// in with the portal's JWT (no Kassa password anywhere). The portal back end (server.mjs)
// serves the page on PORTAL_PORT; a cashier tops the wallet up and the widget follows live.
// Kassa must list http://127.0.0.1:<PORTAL_PORT> in KASSA_CORS_ORIGINS and KASSA_WS_ORIGINS
// and trust PORTAL_JWT_SECRET (KASSA_JWT_HS256_SECRET).
//
//   KASSA_URL=… KASSA_ADMIN_EMAIL=… KASSA_ADMIN_PASSWORD=… PORTAL_JWT_SECRET=… PORTAL_PORT=… node portal-backend/widget-browser.mjs
import { randomUUID } from 'node:crypto';
import { launch, requireSetup, runOne } from '../lib/browser.mjs';
import { gql } from '../lib/kassa.mjs';
import { mint } from './jwt.mjs';
import { start } from './server.mjs';

const BASE = process.env.KASSA_URL;
requireSetup();

const balanceOf = (page) => page.getByTestId('portal-balance').evaluate((el) => ({ amount: el.dataset.amount, version: el.dataset.version }));

async function main(use) {
  const portal = await start({ kassaUrl: BASE, apiKey: null, jwtSecret: process.env.PORTAL_JWT_SECRET, port: Number(process.env.PORTAL_PORT) });
  try {
    const user = `embed-${randomUUID().slice(0, 8)}`;
    const { signIn: admin } = await gql(BASE, 'mutation($i: SignInInput!) { signIn(input: $i) { token user { id } } }', {
      i: { email: process.env.KASSA_ADMIN_EMAIL, password: process.env.KASSA_ADMIN_PASSWORD },
    });
    const asAdmin = (query, variables) => gql(BASE, query, variables, { token: admin.token });

    const browser = use(await launch());
    const page = await (await browser.newContext()).newPage();
    const origins = new Set();
    page.on('request', (request) => origins.add(new URL(request.url()).origin));
    await page.goto(`${portal.url}/?user=${user}`);
    await page.waitForFunction(() => document.querySelector('[data-testid="portal-balance"]')?.dataset.state === 'live', null, { timeout: 10000 });
    const first = await balanceOf(page);
    if (first.amount !== '0.00') throw new Error(`a new portal user's wallet shows ${JSON.stringify(first)}`);

    // The wallet the widget's JWT provisioned, topped up by a cashier (the admin, appointed).
    const token = await mint(process.env.PORTAL_JWT_SECRET, { sub: user });
    const { myWallet } = await gql(BASE, '{ myWallet { number } }', {}, { token });
    await asAdmin('mutation($u: ID!) { addCashier(userId: $u) { user { id } } }', { u: admin.user.id }).catch(() => {});
    const { createPaymentSystemBinding: ps } = await asAdmin(
      'mutation($i: CreatePaymentSystemBindingInput!) { createPaymentSystemBinding(input: $i) { id } }',
      { i: { provider: 'OTHER', name: `Desk ${user}`, merchantId: user, enabled: true } },
    );
    await asAdmin('mutation($i: TopUpWalletInput!) { topUpWallet(input: $i) { wallet { balance } } }', {
      i: { walletNumber: myWallet.number, amount: '250.00', paymentSystemId: ps.id, receipt: `R-${user}`, idempotencyKey: randomUUID() },
    });
    await page.waitForFunction(() => document.querySelector('[data-testid="portal-balance"]')?.dataset.amount === '250.00', null, { timeout: 10000 });
    const after = await balanceOf(page);
    if (Number(after.version) !== Number(first.version) + 1) throw new Error(`versions ${first.version} -> ${after.version}`);
    const shown = await page.getByTestId('portal-balance').textContent();
    if (!/250[.,]00/.test(shown)) throw new Error(`the widget shows "${shown}"`);
    const expected = new Set([new URL(portal.url).origin, new URL(BASE).origin]);
    if ([...origins].some((o) => !expected.has(o))) throw new Error(`requests left the two origins: ${[...origins]}`);
    console.log(`   widget on ${portal.url} followed a top-up live: ${first.amount} -> ${after.amount} (${shown.trim()})`);
  } finally {
    await portal.close();
  }
}

runOne('the embedded widget, signed in with the portal’s JWT on the portal’s origin, follows a top-up live', main);
