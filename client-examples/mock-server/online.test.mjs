// node --test mock-server/ : the mock's online part, used the way the web app and the
// simulator use it: a YooMoney binding, startTopUp, the simulator pays over HTTP, the
// invoice is PAID once (a replay credits nothing), a short payment goes to REVIEW and a
// cashier credits it; the audit log and the report show it all.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gql } from '../lib/kassa.mjs';
import { loadOperations } from '../lib/operations.mjs';
import { pay, settings, parseArgs } from '../gateway-sim/sim.mjs';
import { freePort } from './ports.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ops = loadOperations();
const op = (name) => import('node:fs').then((fs) => fs.readFileSync(join(here, '..', 'web', 'src', 'ops', `${name}.graphql`), 'utf8'));
const ADMIN = { email: 'online-admin@example.com', password: 'online-admin-password' };
let child;
let base;

before(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, [join(here, 'server.mjs'), '--listen', `127.0.0.1:${port}`], { env: { ...process.env, KASSA_SCHEMA: '', KASSA_ADMIN_EMAIL: ADMIN.email, KASSA_ADMIN_PASSWORD: ADMIN.password }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  for (let i = 0; i < 300; i++) {
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`mock server did not start: ${stderr || 'no output'}`);
});
after(() => child?.kill());

test('an online top-up end to end through the simulator', async () => {
  const admin = (await gql(base, ops.SignIn, { input: ADMIN })).signIn.token;
  const ps = (await gql(base, ops.CreatePaymentSystemBinding, { input: { provider: 'YOOMONEY', name: 'YooMoney', merchantId: '4100111', secret: 'sim-secret', enabled: true } }, { token: admin })).createPaymentSystemBinding;
  const systems = (await gql(base, await op('OnlinePaymentSystems'), {}, { token: admin })).paymentSystems;
  const row = systems.find((p) => p.id === ps.id);
  assert.equal(row.acceptsOnlinePayments, true);
  assert.equal(row.notificationUrl, `${base}/payments/${ps.id}/notify`);
  assert.equal(row.hasPaymentSecret, false);

  const customer = (await gql(base, ops.SignUp, { input: { email: 'payer@example.com', name: 'Payer', password: 'payer-password' } })).signUp;
  const start = { input: { paymentSystemId: ps.id, amount: '150.00', idempotencyKey: 'attempt-1' } };
  const inv = (await gql(base, await op('StartTopUp'), start, { token: customer.token })).startTopUp;
  const again = (await gql(base, await op('StartTopUp'), start, { token: customer.token })).startTopUp;
  assert.equal(again.id, inv.id, 'the same key gives the same invoice');
  assert.match(inv.paymentUrl, /^https:\/\/yoomoney\.ru\/quickpay\/confirm\?receiver=4100111&/);

  const s = settings(parseArgs(['--kassa', base, '--binding', ps.id, '--secret', 'sim-secret', '--payment-id', 'op-1']).flags, {});
  const paid = await pay(inv.paymentUrl, s, () => {});
  assert.ok(paid.results.every((r) => r.ok), JSON.stringify(paid.results));
  const replay = await pay(inv.paymentUrl, s, () => {});
  assert.ok(replay.results.every((r) => r.ok), 'a replay gets the same answer');
  const wallet = (await gql(base, await op('MyInvoices'), {}, { token: customer.token })).myWallet;
  assert.equal(wallet.topUpInvoices.edges[0].node.status, 'PAID');
  assert.equal((await gql(base, ops.MyWallet, {}, { token: customer.token })).myWallet.balance, '150.00', 'credited once');

  const forged = await pay(inv.paymentUrl, settings(parseArgs(['--kassa', base, '--binding', ps.id, '--secret', 'wrong']).flags, {}), () => {});
  assert.equal(forged.results[0].status, 400);

  // Paid short: REVIEW, then a cashier credits it.
  const short = (await gql(base, await op('StartTopUp'), { input: { paymentSystemId: ps.id, amount: '80.00', idempotencyKey: 'attempt-2' } }, { token: customer.token })).startTopUp;
  await pay(short.paymentUrl, settings(parseArgs(['--kassa', base, '--binding', ps.id, '--secret', 'sim-secret', '--amount', '79.00']).flags, {}), () => {});
  const users = (await gql(base, ops.Users, { search: 'payer' }, { token: admin })).users.edges;
  await gql(base, ops.AddCashier, { userId: users[0].node.id }, { token: admin });
  const queue = (await gql(base, await op('InvoicesByStatus'), { status: 'REVIEW' }, { token: customer.token })).topUpInvoices.edges;
  assert.deepEqual(queue.map((e) => [e.node.number, e.node.paidAmount]), [[short.number, '79.00']]);
  const resolved = (await gql(base, await op('ResolveTopUpInvoice'), { input: { invoiceId: short.id, credit: true, reason: 'statement shows 80.00', idempotencyKey: 'r1' } }, { token: customer.token })).resolveTopUpInvoice;
  assert.equal(resolved.status, 'PAID');
  assert.equal((await gql(base, ops.MyWallet, {}, { token: customer.token })).myWallet.balance, '229.00', 'credited what was paid');

  const log = (await gql(base, await op('AuditLog'), {}, { token: admin })).auditLog.edges.map((e) => e.node.action);
  assert.deepEqual(log, ['INVOICE_RESOLVED', 'CASHIER_ADDED', 'PAYMENT_SYSTEM_CREATED', 'ADMIN_CREATED']);
  const onlyCashiers = (await gql(base, await op('AuditLog'), { action: 'CASHIER_ADDED' }, { token: admin })).auditLog.edges;
  assert.equal(onlyCashiers.length, 1);
  const day = new Date().toISOString().slice(0, 10);
  const report = (await gql(base, await op('PaymentSystemReport'), { since: `${day}T00:00:00Z`, until: new Date(Date.now() + 864e5).toISOString() }, { token: admin })).paymentSystemReport;
  assert.deepEqual(report.map((r) => [r.day, r.topUps, r.topUpAmount, r.onlineTopUps, r.onlineTopUpAmount]), [[day, 2, '229.00', 2, '229.00']]);
});
