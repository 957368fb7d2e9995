#!/usr/bin/env node
// Browser test: the admin's Portal page (#/admin/portal). Creates an API key through the
// page (its secret shown once, then used by the "portal" over GraphQL and its last use
// shown), revokes it (refused at once), registers a webhook endpoint on a receiver that
// answers 500 (its signing secret shown once), sees the failed attempts in the delivery
// log after a top-up, and deletes the endpoint. No page asks another host for anything.
//
//   KASSA_URL=… KASSA_ADMIN_EMAIL=… KASSA_ADMIN_PASSWORD=… node portal-admin-test.mjs
import { createServer } from 'node:http';
import { launch, requireSetup, runOne, signIn, watchOrigin } from './lib/browser.mjs';
import { gql, GraphQLRequestError } from './lib/kassa.mjs';
import { loadOperations } from './lib/operations.mjs';

const BASE = process.env.KASSA_URL || 'http://127.0.0.1:18080';
const APP = new URL('/app/', BASE).toString();
requireSetup();
const ops = loadOperations();
const log = (...a) => console.log('  ', ...a);
const check = (ok, what) => {
  if (!ok) throw new Error(what);
};

async function main(use) {
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const admin = (await gql(BASE, ops.SignIn, { input: { email: process.env.KASSA_ADMIN_EMAIL, password: process.env.KASSA_ADMIN_PASSWORD } })).signIn;
  const as = { token: admin.token };
  // A receiver that is broken: every delivery fails with 500.
  let hits = 0;
  const receiver = createServer((req, res) => (hits++, req.resume(), res.writeHead(500).end()));
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hookUrl = `http://127.0.0.1:${receiver.address().port}/hooks`;
  try {
    const browser = use(await launch());
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const origin = watchOrigin(ctx, APP);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => log(`[page error] ${e.message}`));
    const byId = (id) => page.getByTestId(id);
    await page.goto(APP, { waitUntil: 'load' });
    await signIn(page, process.env.KASSA_ADMIN_EMAIL, process.env.KASSA_ADMIN_PASSWORD);
    await byId('nav-admin-portal').click();
    await byId('api-key-list').waitFor();

    // ---- an API key, shown once, used, revoked ----------------------------------------------
    await byId('api-key-name').fill(`portal ${stamp}`);
    await byId('api-key-scope-PAYMENTS_READ').check();
    await byId('api-key-submit').click();
    const secret = (await byId('api-key-secret-value').textContent()).trim();
    check(/^kassa_sk_[A-Za-z0-9_-]{43}$/.test(secret), `the secret shown: ${secret}`);
    const row = page.locator('[data-testid="api-key-row"]').filter({ hasText: `portal ${stamp}` });
    await row.waitFor();
    check((await row.textContent()).includes(secret.slice(0, 12)), 'the row shows the prefix');
    check(!(await page.locator('[data-testid="api-key-list"]').textContent()).includes(secret), 'the list never shows the secret');
    const { order } = await gql(BASE, '{ order(reference: "NONE") { reference holds { id } } }', {}, { token: secret });
    check(order.reference === 'NONE' && order.holds.length === 0, `the key reads: ${JSON.stringify(order)}`);
    // last_used_at is written off the request path: reload until the page shows it.
    for (let i = 0; ; i++) {
      await byId('nav-admin-portal').click();
      await page.reload();
      await row.waitFor();
      if ((await row.getByTestId('api-key-used').textContent()).trim() !== 'never') break;
      check(i < 20, 'lastUsedAt shown after the key was used');
      await page.waitForTimeout(250);
    }
    const keyId = await row.getAttribute('data-key-id');
    await byId(`api-key-revoke-${keyId}`).click();
    await page.locator(`[data-testid="api-key-row"][data-key-id="${keyId}"][data-revoked="true"]`).waitFor();
    const refused = await gql(BASE, '{ order(reference: "NONE") { reference } }', {}, { token: secret }).catch((e) => e);
    check(refused instanceof GraphQLRequestError && refused.codes.includes('UNAUTHENTICATED'), `a revoked key is refused: ${refused}`);
    log(`key ${secret.slice(0, 12)}… created, used, revoked`);

    // ---- a webhook endpoint, its failed deliveries, deleted ---------------------------------
    await byId('webhook-url').fill(hookUrl);
    await byId('webhook-event-TRANSACTION_CREATED').check();
    await byId('webhook-submit').click();
    const signing = (await byId('webhook-secret-value').textContent()).trim();
    check(signing.startsWith('whsec_') && signing.length > 30, `the signing secret shown: ${signing}`);
    const hook = page.locator('[data-testid="webhook-row"]').filter({ hasText: hookUrl });
    await hook.waitFor();
    const endpointId = await hook.getAttribute('data-endpoint-id');

    const ps = (await gql(BASE, ops.CreatePaymentSystemBinding, { input: { provider: 'OTHER', name: `Desk ${stamp}`, merchantId: null, secret: null, enabled: true } }, as)).createPaymentSystemBinding;
    await gql(BASE, ops.AddCashier, { userId: admin.user.id }, as).catch(() => {});
    const customer = (await gql(BASE, ops.CreateUser, { input: { email: `hooks-${stamp}@example.com`, name: `Hooks ${stamp}`, password: `hooks-pw-${stamp}` } }, as)).createUser;
    await gql(BASE, ops.TopUpWallet, { input: { walletNumber: customer.wallet.number, amount: '10.00', paymentSystemId: ps.id, receipt: `R-${stamp}`, idempotencyKey: `hooks-${stamp}` } }, as);
    for (let i = 0; ; i++) {
      await byId(`webhook-log-${endpointId}`).click();
      const attempts = page.getByTestId('delivery-row');
      if ((await attempts.count()) > 0) {
        const first = await attempts.first().textContent();
        check(first.includes('500') && first.includes('transaction.created') && first.includes('PENDING'), `the attempt: ${first}`);
        break;
      }
      check(i < 40, 'an attempt in the delivery log');
      await page.waitForTimeout(250);
    }
    check(hits >= 1, 'the receiver was called');
    await byId(`webhook-delete-${endpointId}`).click();
    await page.locator(`[data-testid="webhook-row"][data-endpoint-id="${endpointId}"]`).waitFor({ state: 'detached' });
    const { webhookEndpoints } = await gql(BASE, '{ webhookEndpoints { id } }', {}, as);
    check(!webhookEndpoints.some((w) => w.id === endpointId), 'deleted on the server too');
    log(`endpoint ${endpointId}: ${hits} failed deliveries logged, then deleted`);
    origin.check('the Portal page');
  } finally {
    receiver.close();
  }
}

runOne('the admin’s Portal page creates, shows once, and revokes an API key and manages a webhook endpoint with its delivery log', main);
