// node --test web/test : the web app's own documents (web/src/ops/*.graphql) are valid
// against the contract files together (schema.graphql + gateways.graphql +
// operations.graphql, and resolveTopUpInvoice as announced), and the report's arithmetic
// is exact.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { contractSdl } from '../../mock-server/contract.mjs';
import { bars, dailyTotals, daysBetween, fromCents, rangeOf, sumMoney, systemTotals, toCents } from '../src/report-data.js';

const pinned = new URL('../../../tests/contract/schema.graphql', import.meta.url).pathname;

test("the app's documents fit the contract with its additions", () => {
  const { sdl, files } = contractSdl(pinned);
  assert.equal(files.length, 5, `schema, gateways, operations, portal and the pending part: ${files.join(', ')}`);
  const schema = buildSchema(sdl);
  const dir = new URL('../src/ops/', import.meta.url);
  const docs = readdirSync(dir).filter((f) => f.endsWith('.graphql'));
  assert.ok(docs.length >= 7, docs.join(', '));
  for (const f of docs) {
    const errors = validate(schema, parse(readFileSync(new URL(f, dir), 'utf8')));
    assert.deepEqual(errors.map((e) => e.message), [], f);
  }
});

// The server's exported SDL (repo root): every document whose root field it already has
// must fit it too, so the app and the server agree where both exist.
test("the app's documents fit the server's schema.graphql wherever it has their fields", () => {
  const sdl = readFileSync(new URL('../../../schema.graphql', import.meta.url), 'utf8');
  const server = buildSchema(sdl);
  const dir = new URL('../src/ops/', import.meta.url);
  const checked = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.graphql'))) {
    const doc = parse(readFileSync(new URL(f, dir), 'utf8'));
    const op = doc.definitions[0];
    const root = op.operation === 'mutation' ? server.getMutationType() : server.getQueryType();
    const field = op.selectionSet.selections[0].name.value;
    if (!root.getFields()[field]) continue; // not served yet: the contract test above covers it
    assert.deepEqual(validate(server, doc).map((e) => e.message), [], f);
    checked.push(f);
  }
  // The server has all of them now.
  for (const f of ['StartTopUp.graphql', 'MyInvoices.graphql', 'InvoicesByStatus.graphql', 'ResolveTopUpInvoice.graphql', 'OnlinePaymentSystems.graphql', 'AuditLog.graphql', 'PaymentSystemReport.graphql']) assert.ok(checked.includes(f), `${f} checked against the server's SDL`);
});

test('money sums are exact in kopecks', () => {
  assert.equal(toCents('1500.5'), 150050n);
  assert.equal(toCents('100.000000'), 10000n);
  assert.equal(toCents(null), 0n);
  assert.throws(() => toCents('1.005'));
  assert.throws(() => toCents('1e3'));
  assert.equal(fromCents(5n), '0.05');
  assert.equal(sumMoney(['0.10', '0.20', '90071992547409.93']), '90071992547410.23');
});

test('the range of two form dates covers both days, UTC', () => {
  assert.deepEqual(rangeOf('2026-11-30', '2026-12-01'), { since: '2026-11-30T00:00:00Z', until: '2026-12-02T00:00:00Z' });
  assert.deepEqual(daysBetween('2026-02-27', '2026-03-01'), ['2026-02-27', '2026-02-28', '2026-03-01']);
});

const ps = (id) => ({ id, name: `PS ${id}`, provider: 'YOOMONEY' });
const rows = [
  { day: '2026-11-30', paymentSystem: ps('1'), topUps: 2, topUpAmount: '300.00', onlineTopUps: 1, onlineTopUpAmount: '100.00' },
  { day: '2026-11-30', paymentSystem: ps('2'), topUps: 1, topUpAmount: '0.10', onlineTopUps: 0, onlineTopUpAmount: null },
  { day: '2026-12-01', paymentSystem: ps('1'), topUps: 1, topUpAmount: '0.20', onlineTopUps: 1, onlineTopUpAmount: '0.20' },
];

test('daily totals: every day of the range, online and cashier apart', () => {
  const daily = dailyTotals(rows, daysBetween('2026-11-29', '2026-12-01'));
  assert.deepEqual(
    daily.map(({ day, topUps, amount, online, cashier }) => ({ day, topUps, amount, online, cashier })),
    [
      { day: '2026-11-29', topUps: 0, amount: '0.00', online: '0.00', cashier: '0.00' },
      { day: '2026-11-30', topUps: 3, amount: '300.10', online: '100.00', cashier: '200.10' },
      { day: '2026-12-01', topUps: 1, amount: '0.20', online: '0.20', cashier: '0.00' },
    ],
  );
  const totals = systemTotals(rows);
  assert.deepEqual(totals.map((x) => [x.paymentSystem.id, x.topUps, x.amount, x.onlineTopUps, x.online]), [['1', 3, '300.20', 2, '100.20'], ['2', 1, '0.10', 0, '0.00']]);
});

test('bars: the tallest day fills the plot, online stacked on cashier', () => {
  const daily = dailyTotals(rows, daysBetween('2026-11-29', '2026-12-01'));
  const geo = bars(daily, { width: 300, height: 130, top: 10, bottom: 20 });
  assert.equal(geo.length, 3);
  assert.equal(geo[0].hCashier + geo[0].hOnline, 0);
  assert.ok(Math.abs(geo[1].hCashier + geo[1].hOnline - 100) < 0.01);
  assert.ok(Math.abs(geo[1].yOnline - 10) < 0.01, 'the top of the tallest bar is the top of the plot');
  assert.ok(Math.abs(geo[1].hOnline / geo[1].hCashier - 100 / 200.1) < 0.001);
  assert.ok(geo[2].x > geo[1].x && geo[1].x > geo[0].x);
});
