#!/usr/bin/env node
// The whole portal story against a live Kassa, with server.mjs in the portal's role:
// the admin gives the portal an API key and a webhook endpoint; the portal signs a user in
// with its own JWT (Kassa provisions the user and wallet on first sight); a cashier tops the
// wallet up; an order holds money, ships (a partial capture) and is looked up; a second
// order is cancelled; every webhook arrives signed, and a forged one is refused.
//
//   KASSA_URL=http://127.0.0.1:8080 KASSA_ADMIN_EMAIL=… KASSA_ADMIN_PASSWORD=… \
//   PORTAL_JWT_SECRET=<Kassa's KASSA_JWT_HS256_SECRET> node portal-backend/story.mjs
//
// Ends with "N passed, M failed"; exits non-zero at the first failure.
import { randomUUID } from 'node:crypto';
import { gql } from '../lib/kassa.mjs';
import { start } from './server.mjs';
import { sign } from './signature.mjs';

const BASE = process.env.KASSA_URL || 'http://127.0.0.1:8080';
const need = (name) => process.env[name] || (console.error(`set ${name}`), process.exit(2));
const [ADMIN_EMAIL, ADMIN_PASSWORD, JWT_SECRET] = ['KASSA_ADMIN_EMAIL', 'KASSA_ADMIN_PASSWORD', 'PORTAL_JWT_SECRET'].map(need);

let passed = 0;
let failed = 0;
let portal;
async function step(title, fn) {
  try {
    const result = await fn();
    console.log(`ok ${++passed + failed} - ${title}`);
    return result;
  } catch (e) {
    console.log(`not ok ${passed + ++failed} - ${title}\n    ${e.message}`);
    await finish();
  }
}
function expect(cond, what) {
  if (!cond) throw new Error(`check failed: ${what}`);
}
async function finish() {
  await portal?.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
async function call(path, body) {
  const res = await fetch(`${portal.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await res.json();
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${JSON.stringify(answer)}`);
  return answer;
}
async function eventually(what, check, ms = 15000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = check();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const stamp = randomUUID().slice(0, 8);
const admin = await step('the admin signs in', async () => {
  const { signIn } = await gql(BASE, 'mutation($input: SignInInput!) { signIn(input: $input) { token user { id } } }', {
    input: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
  });
  return signIn;
});
const asAdmin = (query, variables) => gql(BASE, query, variables, { token: admin.token });

const key = await step('the admin creates an API key for the portal (PAYMENTS_WRITE), shown once', async () => {
  const { createApiKey } = await asAdmin(
    'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id prefix scopes } } }',
    { input: { name: `portal ${stamp}`, scopes: ['PAYMENTS_WRITE'] } },
  );
  expect(createApiKey.secret.startsWith('kassa_sk_') && createApiKey.secret.startsWith(createApiKey.apiKey.prefix), 'secret and prefix');
  return createApiKey;
});

portal = await start({ kassaUrl: BASE, apiKey: key.secret, jwtSecret: JWT_SECRET, webhookSecret: null });

await step('the admin registers the portal’s webhook endpoint', async () => {
  const { createWebhookEndpoint } = await asAdmin(
    'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { signingSecret endpoint { id url events } } }',
    { input: { url: `${portal.url}/webhooks/kassa`, events: ['TRANSACTION_CREATED', 'HOLD_CREATED', 'HOLD_CAPTURED', 'HOLD_VOIDED'] } },
  );
  expect(createWebhookEndpoint.signingSecret.length >= 32, 'a signing secret');
  portal.setWebhookSecret(createWebhookEndpoint.signingSecret);
});

const userId = `portal-user-${stamp}`;
const { token } = await step('the portal signs its user in: a JWT of its own', () =>
  call('/login', { userId, email: `${userId}@portal.example`, name: 'Portal Buyer' }),
);
const wallet = await step('Kassa provisions the user and wallet on the first request with that JWT', async () => {
  const { me, myWallet } = await gql(BASE, '{ me { externalId email } myWallet { number balance available held } }', {}, { token });
  expect(me.externalId === userId && me.email === `${userId}@portal.example`, `me ${JSON.stringify(me)}`);
  expect(myWallet.balance === '0.00' && myWallet.available === '0.00', `wallet ${JSON.stringify(myWallet)}`);
  return myWallet;
});

await step('a cashier tops the wallet up with 100.00', async () => {
  await asAdmin('mutation($userId: ID!) { addCashier(userId: $userId) { user { id } } }', { userId: admin.user.id }).catch((e) => {
    if (!e.codes?.includes('BAD_USER_INPUT')) throw e; // already a cashier
  });
  const { paymentSystems } = await asAdmin('{ paymentSystems { id enabled } }');
  let ps = paymentSystems.find((p) => p.enabled);
  if (!ps) {
    ({ createPaymentSystemBinding: ps } = await asAdmin(
      'mutation($input: CreatePaymentSystemBindingInput!) { createPaymentSystemBinding(input: $input) { id } }',
      { input: { provider: 'OTHER', name: `Desk ${stamp}`, merchantId: `desk-${stamp}`, enabled: true } },
    ));
  }
  const input = { walletNumber: wallet.number, amount: '100.00', paymentSystemId: ps.id, receipt: `R-${stamp}`, idempotencyKey: randomUUID() };
  const { topUpWallet } = await asAdmin('mutation($input: TopUpWalletInput!) { topUpWallet(input: $input) { wallet { balance } } }', { input });
  expect(topUpWallet.wallet.balance === '100.00', `balance ${topUpWallet.wallet.balance}`);
});

const placed = await step('an order for 40.00 holds it: available 60.00, held 40.00', async () => {
  const order = await call('/orders', { userId, amount: '40.00', description: 'Headphones' });
  expect(order.hold.status === 'HELD' && order.hold.amount === '40.00', `hold ${JSON.stringify(order.hold)}`);
  expect(order.wallet.balance === '100.00' && order.wallet.available === '60.00' && order.wallet.held === '40.00', `wallet ${JSON.stringify(order.wallet)}`);
  return order;
});

await step('the customer sees the hold in their own wallet', async () => {
  const { myWallet } = await gql(BASE, '{ myWallet { available held holds(status: HELD) { edges { node { orderReference } } } } }', {}, { token });
  expect(myWallet.available === '60.00' && myWallet.held === '40.00', `wallet ${JSON.stringify(myWallet)}`);
  expect(myWallet.holds.edges.some((e) => e.node.orderReference === placed.reference), 'the order’s hold listed');
});

await step('shipping 30.00 of it captures a PAYMENT and releases the rest', async () => {
  const shipped = await call(`/orders/${placed.reference}/ship`, { amount: '30.00' });
  expect(shipped.hold.status === 'CAPTURED' && shipped.hold.payment?.amount === '30.00', `hold ${JSON.stringify(shipped.hold)}`);
  expect(shipped.hold.payment.reference === placed.reference, 'the payment carries the order reference');
  expect(shipped.wallet.balance === '70.00' && shipped.wallet.available === '70.00' && shipped.wallet.held === '0.00', `wallet ${JSON.stringify(shipped.wallet)}`);
});

await step('shipping again (a retry) captures nothing more', async () => {
  const again = await call(`/orders/${placed.reference}/ship`, { amount: '30.00' });
  expect(again.wallet.balance === '70.00', `balance ${again.wallet.balance}`);
});

await step('order(reference) tells the truth: the captured hold and one PAYMENT', async () => {
  const order = await call(`/orders/${placed.reference}`);
  expect(order.holds.length === 1 && order.holds[0].status === 'CAPTURED', `holds ${JSON.stringify(order.holds)}`);
  expect(order.transactions.length === 1 && order.transactions[0].kind === 'PAYMENT' && order.transactions[0].amount === '30.00', `transactions ${JSON.stringify(order.transactions)}`);
});

const cancelled = await step('a second order is cancelled: the hold is voided, available is back', async () => {
  const order = await call('/orders', { userId, amount: '50.00' });
  const voided = await call(`/orders/${order.reference}/cancel`, {});
  expect(voided.hold.status === 'VOIDED' && voided.wallet.available === '70.00' && voided.wallet.held === '0.00', `after void ${JSON.stringify(voided)}`);
  return order;
});

await step('an order larger than available is refused with INSUFFICIENT_FUNDS', async () => {
  const res = await fetch(`${portal.url}/orders`, { method: 'POST', body: JSON.stringify({ userId, amount: '70.01' }) });
  const answer = await res.json();
  expect(res.status === 409 && answer.codes?.includes('INSUFFICIENT_FUNDS'), `answer ${JSON.stringify(answer)}`);
});

await step('every webhook arrived, signed: top-up, two holds created, one captured, one voided, the payment', async () => {
  const want = (type, check) => portal.events.some((e) => e.type === type && check(e.data));
  await eventually('the webhooks', () =>
    want('transaction.created', (d) => d.kind === 'TOP_UP' && d.walletNumber === wallet.number) &&
    want('hold.created', (d) => d.orderReference === placed.reference) &&
    want('hold.created', (d) => d.orderReference === cancelled.reference) &&
    want('hold.captured', (d) => d.orderReference === placed.reference) &&
    want('hold.voided', (d) => d.orderReference === cancelled.reference) &&
    want('transaction.created', (d) => d.kind === 'PAYMENT' && d.reference === placed.reference && d.amount === '30.00'),
  );
  expect(portal.refusedCount() === 0, `${portal.refusedCount()} deliveries failed the signature check`);
  expect(new Set(portal.events.map((e) => e.id)).size === portal.events.length, 'one entry per event id');
});

await step('a forged delivery (wrong secret) is refused by the portal', async () => {
  const body = JSON.stringify({ id: randomUUID(), type: 'transaction.created', createdAt: new Date().toISOString(), data: {} });
  const res = await fetch(`${portal.url}/webhooks/kassa`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'kassa-signature': sign('not-the-secret', body, Math.floor(Date.now() / 1000)) },
    body,
  });
  expect(res.status === 400 && portal.refusedCount() === 1, `status ${res.status}`);
});

await finish();
