#!/usr/bin/env node
// The simulator against a running Kassa, for every provider: the admin connects a binding
// (secrets stored, so the server needs KASSA_SECRET_KEY), a customer starts a top-up, the
// simulator pays its paymentUrl, and the invoice must be PAID with the wallet credited
// once; a replay credits nothing more, a wrong secret is refused, a short payment goes to
// REVIEW. The simulator's signatures are written from gateways.md, Kassa's from its own
// reading of it: each provider passing here means the two agree.
//
//   KASSA_URL=http://127.0.0.1:18080 KASSA_ADMIN_EMAIL=admin@example.com \
//   KASSA_ADMIN_PASSWORD=... node gateway-sim/against-kassa.mjs
//
// Prints one "ok N - PROVIDER ..." line per provider and "N passed, M failed".
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gql } from '../lib/kassa.mjs';
import { loadOperations } from '../lib/operations.mjs';
import { pay, parseArgs, settings } from './sim.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const BASE = process.env.KASSA_URL || 'http://127.0.0.1:18080';
const ops = loadOperations();
const doc = (name) => readFileSync(join(here, '..', 'web', 'src', 'ops', `${name}.graphql`), 'utf8');
const StartTopUp = doc('StartTopUp');
const MyInvoices = doc('MyInvoices');

// Robokassa and PayMaster with a hash other than MD5, to cover the binding's choice.
const CASES = [
  { provider: 'ROBOKASSA', hashAlgorithm: 'SHA256', paymentSecret: 'robokassa-password-1' },
  { provider: 'YOOMONEY' },
  { provider: 'QIWI', paymentSecret: 'qiwi-public-key' },
  { provider: 'PAYMASTER', hashAlgorithm: 'SHA1' },
  { provider: 'MYKASSA', paymentSecret: 'mykassa-word-1' },
];

if (!process.env.KASSA_ADMIN_EMAIL || !process.env.KASSA_ADMIN_PASSWORD) {
  console.error('set KASSA_ADMIN_EMAIL and KASSA_ADMIN_PASSWORD');
  process.exit(2);
}

async function one(c, admin, stamp) {
  const secret = `${c.provider.toLowerCase()}-notify-${stamp}`;
  const merchantId = `m-${c.provider.toLowerCase()}-${stamp}`;
  const input = { provider: c.provider, name: `${c.provider} (simulator ${stamp})`, merchantId, secret, enabled: true, paymentSecret: c.paymentSecret ?? null, hashAlgorithm: c.hashAlgorithm ?? null };
  const ps = (await gql(BASE, ops.CreatePaymentSystemBinding, { input }, { token: admin })).createPaymentSystemBinding;
  const who = { email: `sim-${c.provider.toLowerCase()}-${stamp}@example.com`, name: `Sim ${c.provider}`, password: `sim-pw-${stamp}` };
  const token = (await gql(BASE, ops.SignUp, { input: who })).signUp.token;
  const start = (amount, key) => gql(BASE, StartTopUp, { input: { paymentSystemId: ps.id, amount, idempotencyKey: `${key}-${stamp}` } }, { token }).then((d) => d.startTopUp);
  const flags = (extra = []) => settings(parseArgs(['--kassa', BASE, '--binding', ps.id, '--secret', secret, '--hash', c.hashAlgorithm || 'MD5', '--merchant', merchantId, ...extra]).flags, {});
  const balance = async () => (await gql(BASE, ops.MyWallet, { first: 1 }, { token })).myWallet.balance;
  const status = async (id) => (await gql(BASE, MyInvoices, { first: 20 }, { token })).myWallet.topUpInvoices.edges.find((e) => e.node.id === id)?.node.status;
  const quiet = () => {};

  const inv = await start('100.00', 'a');
  const paid = await pay(inv.paymentUrl, flags(['--payment-id', `p1${stamp}`]), quiet);
  if (!paid.results.every((r) => r.ok)) throw new Error(`not accepted: ${JSON.stringify(paid.results.map((r) => [r.what, r.status, r.body]))}`);
  if ((await status(inv.id)) !== 'PAID') throw new Error(`invoice ${inv.number} is ${await status(inv.id)}`);
  // A payment system retrying its notification (PayMaster does not repeat the pre-request,
  // which Kassa now refuses: the invoice is paid).
  const replay = await pay(inv.paymentUrl, flags(['--payment-id', `p1${stamp}`, '--no-prerequest']), quiet);
  if (!replay.results.every((r) => r.ok)) throw new Error('the replay was not answered as a success');
  if ((await balance()) !== '100.00') throw new Error(`balance ${await balance()} after a payment and its replay`);

  const forged = await pay((await start('5.00', 'b')).paymentUrl, settings(parseArgs(['--kassa', BASE, '--binding', ps.id, '--secret', 'wrong', '--hash', c.hashAlgorithm || 'MD5', '--merchant', merchantId, '--no-prerequest']).flags, {}), quiet);
  if (forged.results.at(-1).status < 400 || forged.results.at(-1).status >= 500) throw new Error(`a wrong secret got ${forged.results.at(-1).status}`);

  const short = await start('50.00', 'c');
  await pay(short.paymentUrl, flags(['--amount', '49.00', '--no-prerequest']), quiet);
  if ((await status(short.id)) !== 'REVIEW') throw new Error(`a short payment left the invoice ${await status(short.id)}`);
  if ((await balance()) !== '100.00') throw new Error('a short payment credited something');
  return `${ps.id}: paid, replay answered once, wrong secret ${forged.results.at(-1).status}, short payment REVIEW`;
}

const admin = (await gql(BASE, ops.SignIn, { input: { email: process.env.KASSA_ADMIN_EMAIL, password: process.env.KASSA_ADMIN_PASSWORD } })).signIn.token;
const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
let passed = 0;
let failed = 0;
for (const [i, c] of CASES.entries()) {
  try {
    const what = await one(c, admin, stamp);
    passed++;
    console.log(`ok ${i + 1} - ${c.provider}${c.hashAlgorithm ? ` (${c.hashAlgorithm})` : ''} binding ${what}`);
  } catch (e) {
    failed++;
    console.log(`not ok ${i + 1} - ${c.provider}: ${e.message}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
