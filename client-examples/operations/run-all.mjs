#!/usr/bin/env node
// Runs EVERY operation file in this folder against a live Kassa server as one story:
// the admin signs in, connects a payment system and appoints a cashier; a customer signs
// up; the cashier tops the wallet up while three subscriptions watch; the customer pays;
// the cashier refunds part of it and writes some off; history is paged; the admin looks
// users up, lists and removes the cashier; everyone signs out.
//
//   KASSA_URL=http://127.0.0.1:18080 KASSA_ADMIN_EMAIL=admin@example.com \
//   KASSA_ADMIN_PASSWORD=... node operations/run-all.mjs
//
// Exits non-zero on the first GraphQL error or missing/wrong data, naming the operation;
// ends with "N passed, N failed".
import { randomUUID } from 'node:crypto';
import { listOperations } from '../lib/operations.mjs';
import { gql, wsClient, collect, GraphQLRequestError } from '../lib/kassa.mjs';

const BASE = process.env.KASSA_URL || 'http://127.0.0.1:18080';
const ADMIN_EMAIL = process.env.KASSA_ADMIN_EMAIL;
const ADMIN_PASSWORD = process.env.KASSA_ADMIN_PASSWORD;
const VERBOSE = !!process.env.VERBOSE;
if (!ADMIN_EMAIL || !ADMIN_PASSWORD) {
  console.error('set KASSA_ADMIN_EMAIL and KASSA_ADMIN_PASSWORD (an admin made with `kassa create-admin`)');
  process.exit(2);
}

const files = listOperations();
const OPS = Object.fromEntries(files.map((o) => [o.name, o.source]));
const executed = new Set();
let passed = 0;
let failed = 0;
const clients = [];

class CheckFailed extends Error {}
function expect(cond, what) {
  if (!cond) throw new CheckFailed(what);
}

/** One numbered step; stops the story at the first failure. */
async function step(title, fn) {
  const t0 = Date.now();
  try {
    const r = await fn();
    passed++;
    console.log(`ok ${passed + failed} - ${title} (${Date.now() - t0} ms)`);
    return r;
  } catch (e) {
    failed++;
    console.log(`not ok ${passed + failed} - ${title}`);
    if (e instanceof GraphQLRequestError) {
      console.log(`    operation ${e.operationName} failed: ${e.message}`);
      console.log(`    errors: ${JSON.stringify(e.errors)}`);
    } else {
      console.log(`    ${e instanceof CheckFailed ? 'check failed' : 'error'}: ${e.message}`);
    }
    await finish();
  }
}

/** Run an operation file over HTTP. */
async function run(name, variables = {}, token) {
  if (!OPS[name]) throw new Error(`no operation file ${name}`);
  executed.add(name);
  const data = await gql(BASE, OPS[name], variables, { token });
  if (VERBOSE) console.log(`    ${name} ${JSON.stringify(variables)} -> ${JSON.stringify(data)}`);
  return data;
}

/** Run an operation that must fail with `code`. */
async function runExpectingError(name, variables, token, code) {
  executed.add(name);
  try {
    const data = await gql(BASE, OPS[name], variables, { token });
    throw new CheckFailed(`${name} succeeded (${JSON.stringify(data)}), expected ${code}`);
  } catch (e) {
    if (e instanceof CheckFailed) throw e;
    if (!(e instanceof GraphQLRequestError)) throw e;
    expect(e.codes.includes(code), `${name} failed with ${e.codes.join(',')} (${e.message}), expected ${code}`);
    return e;
  }
}

function subscribe(name, variables, token) {
  executed.add(name);
  const client = wsClient(BASE, token);
  clients.push(client);
  return collect(client, OPS[name], variables);
}

async function finish() {
  for (const c of clients) await c.dispose();
  const notRun = files.filter((o) => !executed.has(o.name)).map((o) => o.file);
  if (failed === 0 && notRun.length) {
    failed++;
    console.log(`not ok - operation files never executed: ${notRun.join(', ')}`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const money = (s) => /^\d+\.\d{2}$/.test(s);

// ---- anonymous -----------------------------------------------------------------------
const cfg0 = await step('WalletConfig (anonymous)', async () => {
  const { walletConfig } = await run('WalletConfig');
  expect(typeof walletConfig.currency === 'string' && walletConfig.currency.length === 3, 'currency is an ISO code');
  expect(money(walletConfig.maxOperationAmount), `maxOperationAmount ${walletConfig.maxOperationAmount} is a Money string`);
  return walletConfig;
});

// ---- admin ---------------------------------------------------------------------------
const admin = await step('SignIn as the admin', async () => {
  const { signIn } = await run('SignIn', { input: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
  expect(signIn.token, 'token');
  expect(signIn.user.roles.includes('ADMIN'), `admin roles ${signIn.user.roles}`);
  return signIn;
});

await step('Me (admin)', async () => {
  const { me } = await run('Me', {}, admin.token);
  expect(me && me.id === admin.user.id, 'me is the admin');
  expect(me.roles.includes('CUSTOMER'), 'roles always contain CUSTOMER');
});

const ps = await step('CreatePaymentSystemBinding (disabled at first)', async () => {
  const { createPaymentSystemBinding: b } = await run(
    'CreatePaymentSystemBinding',
    { input: { provider: 'ROBOKASSA', name: `Robokassa ${stamp}`, merchantId: `shop-${stamp}`, secret: 'pass-1-secret', enabled: false } },
    admin.token,
  );
  expect(b.id && b.enabled === false && b.hasSecret === true && b.merchantId === `shop-${stamp}`, `binding ${JSON.stringify(b)}`);
  expect(!('secret' in b), 'no secret returned');
  return b;
});

await step('UpdatePaymentSystemBinding (rename + enable)', async () => {
  const { updatePaymentSystemBinding: b } = await run(
    'UpdatePaymentSystemBinding',
    { id: ps.id, input: { name: `Robokassa (main shop) ${stamp}`, enabled: true } },
    admin.token,
  );
  expect(b.id === ps.id && b.enabled === true && b.name === `Robokassa (main shop) ${stamp}`, `binding ${JSON.stringify(b)}`);
  expect(b.hasSecret === true && b.merchantId === `shop-${stamp}`, 'a null secret/merchantId leaves them as they were');
});

await step('WalletConfig.topUpAvailable is true once a system is enabled', async () => {
  const { walletConfig } = await run('WalletConfig');
  expect(walletConfig.topUpAvailable === true, 'topUpAvailable');
});

await step('PaymentSystems (admin sees merchantId)', async () => {
  const { paymentSystems } = await run('PaymentSystems', {}, admin.token);
  const mine = paymentSystems.find((p) => p.id === ps.id);
  expect(mine && mine.merchantId === `shop-${stamp}`, 'admin sees the new binding with merchantId');
});

const cashierPassword = `cashier-pw-${stamp}`;
const cashierUser = await step('CreateUser (future cashier)', async () => {
  const { createUser } = await run(
    'CreateUser',
    { input: { email: `cashier-${stamp}@example.com`, password: cashierPassword, name: `Cashier ${stamp}` } },
    admin.token,
  );
  expect(createUser.id && createUser.wallet?.number?.length === 12, 'user with a 12-digit wallet');
  return createUser;
});

await step('Users(search) finds the new user', async () => {
  const { users } = await run('Users', { search: `cashier-${stamp}`, first: 5 }, admin.token);
  expect(users.edges.some((e) => e.node.id === cashierUser.id), 'search result contains the user');
  expect(typeof users.pageInfo.hasNextPage === 'boolean', 'pageInfo');
});

await step('AddCashier', async () => {
  const { addCashier } = await run('AddCashier', { userId: cashierUser.id }, admin.token);
  expect(addCashier.user.id === cashierUser.id, 'cashier user');
  expect(addCashier.user.roles.includes('CASHIER'), `roles ${addCashier.user.roles}`);
  expect(addCashier.addedBy?.id === admin.user.id, 'addedBy is the admin');
});

await step('Cashiers lists the new cashier', async () => {
  const { cashiers } = await run('Cashiers', {}, admin.token);
  expect(cashiers.some((c) => c.user.id === cashierUser.id), 'listed');
});

// ---- customer and cashier ------------------------------------------------------------
const customerPassword = `customer-pw-${stamp}`;
const customer = await step('SignUp (customer)', async () => {
  const { signUp } = await run('SignUp', {
    input: { email: `customer-${stamp}@example.com`, password: customerPassword, name: `Customer ${stamp}` },
  });
  expect(signUp.token, 'token');
  expect(/^\d{12}$/.test(signUp.user.wallet.number), `wallet number ${signUp.user.wallet.number}`);
  expect(signUp.user.wallet.balance === '0.00' || money(signUp.user.wallet.balance), 'balance is Money');
  expect(signUp.user.wallet.version === 0, `new wallet version ${signUp.user.wallet.version}`);
  expect(JSON.stringify(signUp.user.roles) === '["CUSTOMER"]', `roles ${signUp.user.roles}`);
  return signUp;
});
const walletNumber = customer.user.wallet.number;

const cashier = await step('SignIn as the cashier', async () => {
  const { signIn } = await run('SignIn', { input: { email: `cashier-${stamp}@example.com`, password: cashierPassword } });
  expect(signIn.user.roles.includes('CASHIER'), `roles ${signIn.user.roles}`);
  return signIn;
});

await step('PaymentSystems (customer sees enabled ones, no merchantId)', async () => {
  const { paymentSystems } = await run('PaymentSystems', {}, customer.token);
  expect(paymentSystems.every((p) => p.enabled), 'only enabled');
  expect(paymentSystems.every((p) => p.merchantId === null), 'merchantId hidden');
  expect(paymentSystems.some((p) => p.id === ps.id), 'the new one is listed');
});

const subs = {};
await step('MyBalance (customer) first event is the current state', async () => {
  subs.my = subscribe('MyBalance', {}, customer.token);
  const { myBalance: e } = await subs.my.next(5000);
  expect(e.walletNumber === walletNumber && e.version === 0 && e.transaction === null, `first event ${JSON.stringify(e)}`);
});
await step('WalletBalance (cashier) first event is the current state', async () => {
  subs.wallet = subscribe('WalletBalance', { walletNumber }, cashier.token);
  const { walletBalance: e } = await subs.wallet.next(5000);
  expect(e.walletNumber === walletNumber && e.version === 0, `first event ${JSON.stringify(e)}`);
});
subs.feed = subscribe('TransactionFeed', {}, cashier.token);
// graphql-transport-ws sends nothing back for a subscribe; give the server a moment to
// register the feed before the first transaction is made.
await new Promise((r) => setTimeout(r, 300));

await step('WalletByNumber (cashier)', async () => {
  const { walletByNumber: w } = await run('WalletByNumber', { number: walletNumber }, cashier.token);
  expect(w && w.number === walletNumber && w.owner.id === customer.user.id, `wallet ${JSON.stringify(w)}`);
});

await step('WalletByNumber with a mistyped number -> BAD_USER_INPUT', async () => {
  const d = walletNumber.split('');
  d[11] = String((Number(d[11]) + 1) % 10); // wrong check digit
  await runExpectingError('WalletByNumber', { number: d.join('') }, cashier.token, 'BAD_USER_INPUT');
});

const topUpInput = {
  walletNumber,
  amount: '1000.00',
  paymentSystemId: ps.id,
  receipt: `RK-${stamp}`,
  comment: 'paid at the desk',
  idempotencyKey: randomUUID(),
};
const topUp = await step('TopUpWallet (cashier) 1000.00', async () => {
  const { topUpWallet: r } = await run('TopUpWallet', { input: topUpInput }, cashier.token);
  expect(r.transaction.kind === 'TOP_UP' && r.transaction.amount === '1000.00', `transaction ${JSON.stringify(r.transaction)}`);
  expect(r.wallet.balance === '1000.00' && r.wallet.version === 1, `wallet ${JSON.stringify(r.wallet)}`);
  expect(r.transaction.paymentSystem?.id === ps.id && r.transaction.reference === `RK-${stamp}`, 'payment system and receipt');
  expect(r.transaction.performedBy.id === cashier.user.id, 'performedBy the cashier');
  return r;
});

await step('TopUpWallet retried with the same key returns the first result', async () => {
  const { topUpWallet: r } = await run('TopUpWallet', { input: topUpInput }, cashier.token);
  expect(r.transaction.id === topUp.transaction.id, 'same transaction');
  expect(r.wallet.balance === '1000.00', `no second credit (balance ${r.wallet.balance})`);
});

await step('TopUpWallet with the same key and other input -> IDEMPOTENCY_KEY_REUSED', async () => {
  await runExpectingError('TopUpWallet', { input: { ...topUpInput, amount: '999.00' } }, cashier.token, 'IDEMPOTENCY_KEY_REUSED');
});

await step('TopUpWallet by a customer -> FORBIDDEN', async () => {
  await runExpectingError('TopUpWallet', { input: { ...topUpInput, idempotencyKey: randomUUID() } }, customer.token, 'FORBIDDEN');
});

await step('MyBalance delivers the top-up (version 1)', async () => {
  const { myBalance: e } = await subs.my.next(3000);
  expect(e.version === 1 && e.balance === '1000.00' && e.transaction?.id === topUp.transaction.id, `event ${JSON.stringify(e)}`);
});
await step('WalletBalance delivers the top-up (version 1)', async () => {
  const { walletBalance: e } = await subs.wallet.next(3000);
  expect(e.version === 1 && e.balance === '1000.00', `event ${JSON.stringify(e)}`);
});
await step('TransactionFeed delivers the top-up', async () => {
  const { transactionFeed: t } = await subs.feed.next(3000);
  expect(t.id === topUp.transaction.id && t.kind === 'TOP_UP' && t.wallet.number === walletNumber, `event ${JSON.stringify(t)}`);
});

const payment = await step('PayFromWallet (customer) 250.00', async () => {
  const { payFromWallet: r } = await run(
    'PayFromWallet',
    { input: { amount: '250.00', orderReference: `ORDER-${stamp}`, description: 'Premium, 1 month', idempotencyKey: randomUUID() } },
    customer.token,
  );
  expect(r.transaction.kind === 'PAYMENT' && r.wallet.balance === '750.00' && r.wallet.version === 2, `result ${JSON.stringify(r)}`);
  expect(r.transaction.performedBy.id === customer.user.id, 'performedBy the owner');
  return r.transaction;
});

await step('PayFromWallet above the balance -> INSUFFICIENT_FUNDS', async () => {
  await runExpectingError(
    'PayFromWallet',
    { input: { amount: '5000.00', orderReference: `ORDER-${stamp}-2`, idempotencyKey: randomUUID() } },
    customer.token,
    'INSUFFICIENT_FUNDS',
  );
});

await step('RefundPayment (cashier) 100.00 of the payment', async () => {
  const { refundPayment: r } = await run(
    'RefundPayment',
    { input: { paymentId: payment.id, amount: '100.00', reason: 'partly cancelled', idempotencyKey: randomUUID() } },
    cashier.token,
  );
  expect(r.transaction.kind === 'REFUND' && r.transaction.refundOf?.id === payment.id, `transaction ${JSON.stringify(r.transaction)}`);
  expect(r.wallet.balance === '850.00' && r.wallet.version === 3, `wallet ${JSON.stringify(r.wallet)}`);
});

await step('WriteOffWallet (cashier) 50.00', async () => {
  const { writeOffWallet: r } = await run(
    'WriteOffWallet',
    { input: { walletNumber, amount: '50.00', reason: 'duplicate receipt', idempotencyKey: randomUUID() } },
    cashier.token,
  );
  expect(r.transaction.kind === 'WRITE_OFF' && r.wallet.balance === '800.00' && r.wallet.version === 4, `result ${JSON.stringify(r)}`);
});

await step('WriteOffWallet above the balance -> INSUFFICIENT_FUNDS', async () => {
  await runExpectingError(
    'WriteOffWallet',
    { input: { walletNumber, amount: '800.01', reason: 'too much', idempotencyKey: randomUUID() } },
    cashier.token,
    'INSUFFICIENT_FUNDS',
  );
});

await step('MyBalance delivered versions 2, 3, 4 in order', async () => {
  const got = [];
  for (let i = 0; i < 3; i++) got.push((await subs.my.next(3000)).myBalance);
  expect(got.map((e) => e.version).join() === '2,3,4', `versions ${got.map((e) => e.version)}`);
  expect(got.map((e) => e.balance).join() === '750.00,850.00,800.00', `balances ${got.map((e) => e.balance)}`);
});

await step('MyWallet history, page 1 (first: 3)', async () => {
  const { myWallet: w } = await run('MyWallet', { first: 3 }, customer.token);
  expect(w.balance === '800.00' && w.version === 4 && w.number === walletNumber, `wallet ${JSON.stringify(w)}`);
  const kinds = w.transactions.edges.map((e) => e.node.kind).join();
  expect(kinds === 'WRITE_OFF,REFUND,PAYMENT', `newest first: ${kinds}`);
  expect(w.transactions.pageInfo.hasNextPage === true && w.transactions.pageInfo.endCursor, 'has a next page');
  subs.cursor = w.transactions.pageInfo.endCursor;
});

await step('MyWallet history, page 2 (after endCursor)', async () => {
  const { myWallet: w } = await run('MyWallet', { first: 3, after: subs.cursor }, customer.token);
  const nodes = w.transactions.edges.map((e) => e.node);
  expect(nodes.length === 1 && nodes[0].kind === 'TOP_UP' && nodes[0].walletVersion === 1, `page 2 ${JSON.stringify(nodes)}`);
  expect(w.transactions.pageInfo.hasNextPage === false, 'last page');
});

await step('MyWallet history filtered by kind', async () => {
  const { myWallet: w } = await run('MyWallet', { first: 10, filter: { kinds: ['TOP_UP', 'REFUND'] } }, customer.token);
  const kinds = w.transactions.edges.map((e) => e.node.kind).join();
  expect(kinds === 'REFUND,TOP_UP', `filtered kinds ${kinds}`);
});

await step('RecentTransactions (cashier) shows this wallet\'s transactions', async () => {
  const { recentTransactions: c } = await run('RecentTransactions', { first: 50 }, cashier.token);
  const mine = c.edges.filter((e) => e.node.wallet.number === walletNumber).map((e) => e.node.walletVersion);
  expect(mine.join() === '4,3,2,1', `versions of this wallet, newest first: ${mine}`);
});

await step('RecentTransactions by a customer -> FORBIDDEN', async () => {
  await runExpectingError('RecentTransactions', { first: 5 }, customer.token, 'FORBIDDEN');
});

await step('RemoveCashier', async () => {
  const { removeCashier } = await run('RemoveCashier', { userId: cashierUser.id }, admin.token);
  expect(removeCashier === true, 'returns true');
  const { cashiers } = await run('Cashiers', {}, admin.token);
  expect(!cashiers.some((c) => c.user.id === cashierUser.id), 'no longer listed');
});

await step('The former cashier cannot top up -> FORBIDDEN', async () => {
  await runExpectingError('TopUpWallet', { input: { ...topUpInput, idempotencyKey: randomUUID() } }, cashier.token, 'FORBIDDEN');
});

await step('TransactionFeed ends when the cashier role is removed', async () => {
  const r = await Promise.race([subs.feed.ended, new Promise((res) => setTimeout(() => res(null), 3000))]);
  expect(r, 'the feed is still open 3 s after removeCashier');
});

await step('SignOut (customer)', async () => {
  const { signOut } = await run('SignOut', {}, customer.token);
  expect(signOut === true, 'returns true');
});

await step('MyBalance ends after sign-out', async () => {
  const r = await Promise.race([subs.my.ended, new Promise((res) => setTimeout(() => res(null), 3000))]);
  expect(r, 'the subscription is still open 3 s after signOut');
});

await step('The revoked token is refused', async () => {
  try {
    const { me } = await run('Me', {}, customer.token);
    expect(me === null, `me with a revoked token is ${JSON.stringify(me)}`);
  } catch (e) {
    if (!(e instanceof GraphQLRequestError)) throw e;
    expect(e.codes.includes('UNAUTHENTICATED'), `codes ${e.codes}`);
  }
  await runExpectingError('MyWallet', {}, customer.token, 'UNAUTHENTICATED');
});

await step('UpdatePaymentSystemBinding (disable the test system again)', async () => {
  const { updatePaymentSystemBinding: b } = await run('UpdatePaymentSystemBinding', { id: ps.id, input: { enabled: false } }, admin.token);
  expect(b.enabled === false, 'disabled');
  const { paymentSystems } = await run('PaymentSystems', {}, cashier.token);
  expect(!paymentSystems.some((p) => p.id === ps.id), 'a disabled system is not offered to others');
});

await step('SignOut (cashier, admin)', async () => {
  expect((await run('SignOut', {}, cashier.token)).signOut === true, 'cashier signed out');
  expect((await run('SignOut', {}, admin.token)).signOut === true, 'admin signed out');
});

void cfg0;
await finish();
