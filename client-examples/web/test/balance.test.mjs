// node --test web/test : the widget's version rules, without a browser.
import test from 'node:test';
import assert from 'node:assert/strict';
import { BalanceTracker } from '../src/balance.js';
import { formatWalletNumber, normalizeWalletNumber, luhnValid, isMoneyInput } from '../src/format.js';

const ev = (version, balance) => ({ version, balance, currency: 'RUB', walletNumber: '100000000008' });

test('applies the first event and each next version', () => {
  const seen = [];
  const t = new BalanceTracker({ fetchWallet: async () => assert.fail('no refetch'), onChange: (s) => seen.push(s.version) });
  assert.equal(t.apply(ev(0, '0.00')), 'applied');
  assert.equal(t.apply(ev(1, '10.00')), 'applied');
  assert.equal(t.apply(ev(2, '5.00')), 'applied');
  assert.deepEqual(seen, [0, 1, 2]);
  assert.equal(t.state.balance, '5.00');
});

test('ignores an event whose version is not newer', () => {
  const t = new BalanceTracker({ fetchWallet: async () => assert.fail('no refetch') });
  t.apply(ev(3, '30.00'));
  assert.equal(t.apply(ev(3, '30.00')), 'ignored');
  assert.equal(t.apply(ev(2, '20.00')), 'ignored');
  assert.equal(t.state.balance, '30.00');
});

test('a missed version refetches the wallet', async () => {
  let fetched = 0;
  const t = new BalanceTracker({ fetchWallet: async () => (fetched++, { balance: '70.00', currency: 'RUB', version: 7, number: '100000000008' }) });
  t.apply(ev(1, '10.00'));
  assert.equal(t.apply(ev(5, '50.00')), 'resync');
  assert.equal(t.state.balance, '50.00');
  await new Promise((r) => setImmediate(r));
  assert.equal(fetched, 1);
  assert.equal(t.state.version, 7);
  assert.equal(t.state.balance, '70.00');
});

test('a refetch older than what is shown does not go back', async () => {
  const t = new BalanceTracker({ fetchWallet: async () => ({ balance: '40.00', currency: 'RUB', version: 4, number: '1' }) });
  t.apply(ev(1, '10.00'));
  t.apply(ev(3, '30.00')); // gap -> refetch (resolves later)
  t.apply(ev(6, '60.00')); // gap again
  await new Promise((r) => setImmediate(r));
  assert.equal(t.state.version, 6);
});

test('formatting', () => {
  assert.equal(formatWalletNumber('100000000008'), '1000 0000 0008');
  assert.equal(normalizeWalletNumber('1000 0000-0008'), '100000000008');
  assert.equal(luhnValid('100000000008'), true);
  assert.equal(luhnValid('100000000009'), false);
  assert.equal(isMoneyInput('1250.5'), true);
  for (const bad of ['0', '0.00', '1,5', '1e3', '-1', '1.234', ' 1']) assert.equal(isMoneyInput(bad), false, bad);
});
