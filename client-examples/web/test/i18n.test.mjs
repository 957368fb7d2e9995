// node --test web/test : the two languages, amounts and dates per locale, and what the app
// says for each extensions.code, without a browser.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MESSAGES, detectLang, t, errorMessage, locale } from '../src/i18n.js';
import { formatMoney, formatAmount, formatDateTime, formatDay, kindLabel } from '../src/format.js';
import { safePaymentUrl } from '../src/urls.js';

// Intl writes a no-break space (U+00A0) or a narrow one (U+202F) depending on the ICU
// version: the expected strings are compared with both read as a plain space, and also
// against Intl's own output for the locale, character for character.
const plain = (s) => s.replace(/[\u00a0\u202f]/g, ' ');

test('Russian amounts: 1 500,00 ₽, exactly as Intl writes them for ru-RU', () => {
  const intl = new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB' }).format(1500);
  assert.equal(formatMoney('1500.00', 'RUB', 'ru'), intl);
  assert.equal(plain(formatMoney('1500.00', 'RUB', 'ru')), '1 500,00 ₽');
  assert.equal(plain(formatMoney('1500', 'RUB', 'ru')), '1 500,00 ₽');
  assert.equal(plain(formatMoney('0.05', 'RUB', 'ru')), '0,05 ₽');
});

test('English amounts: RUB 1,500.00, with the currency code', () => {
  assert.equal(plain(formatMoney('1500.00', 'RUB', 'en')), 'RUB 1,500.00');
  assert.equal(plain(formatMoney('1234567.89', 'RUB', 'en')), 'RUB 1,234,567.89');
  assert.equal(plain(formatAmount('1234567.89', 'en')), '1,234,567.89');
  assert.equal(plain(formatAmount('1234567.89', 'ru')), '1 234 567,89');
});

test('amounts stay exact: a decimal string is never rounded through a float', () => {
  // 2^53 + 1 kopecks would lose its last digit as a Number.
  assert.equal(plain(formatMoney('90071992547409.93', 'RUB', 'en')), 'RUB 90,071,992,547,409.93');
  assert.equal(plain(formatMoney('100.000000', 'RUB', 'en')), 'RUB 100.00');
  assert.equal(formatMoney(null, 'RUB', 'en'), '—');
});

test('dates follow the locale', () => {
  const iso = '2026-12-01T09:05:07Z';
  const d = new Date(iso);
  for (const l of ['ru', 'en']) {
    assert.equal(formatDateTime(iso, l), new Intl.DateTimeFormat(locale(l), { dateStyle: 'short', timeStyle: 'medium' }).format(d));
  }
  assert.equal(formatDay('2026-12-01', 'ru'), '01.12.2026');
  assert.equal(formatDay('2026-12-01', 'en'), '01/12/2026');
  assert.equal(formatDateTime('not a date', 'ru'), 'not a date');
});

test("the browser's language by default: the first one we speak", () => {
  assert.equal(detectLang(['ru-RU', 'en-US']), 'ru');
  assert.equal(detectLang(['de-DE', 'ru']), 'ru');
  assert.equal(detectLang(['en-GB', 'ru-RU']), 'en');
  assert.equal(detectLang(['de-DE', 'fr']), 'en');
  assert.equal(detectLang([]), 'en');
  assert.equal(detectLang(undefined), 'en');
});

test('both tables have the same keys and the same {placeholders}, none empty', () => {
  const { en, ru } = MESSAGES;
  assert.deepEqual(Object.keys(ru).sort(), Object.keys(en).sort());
  const holes = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const k of Object.keys(en)) {
    assert.ok(en[k].trim() && ru[k].trim(), k);
    assert.deepEqual(holes(ru[k]), holes(en[k]), k);
  }
  assert.equal(t('cashier.done', { kind: kindLabel('TOP_UP', 'ru'), amount: 'A', balance: 'B' }, 'ru'), 'Готово: Пополнение на A; баланс теперь B.');
  assert.equal(t('no.such.key', {}, 'ru'), 'no.such.key');
});

test('every key the pages use is in the tables', () => {
  const used = new Set();
  const dir = new URL('../src/', import.meta.url);
  const files = ['api.js', 'chrome.js', 'main.js', 'router.js', 'tx-rows.js', 'widget.js', 'format.js', ...['login', 'wallet', 'wallet-online', 'cashier', 'review-queue', 'admin-cashiers', 'admin-payment-systems', 'ps-form', 'admin-audit', 'admin-report'].map((p) => `pages/${p}.js`)];
  for (const f of files) {
    for (const m of readFileSync(new URL(f, dir), 'utf8').matchAll(/\b(?:t|tr)\(\s*'([a-zA-Z]+\.[a-zA-Z.]+)'/g)) used.add(m[1]);
  }
  assert.ok(used.size > 100, `found ${used.size} keys`);
  for (const k of used) assert.ok(k in MESSAGES.en, `${k} is missing`);
});

// The codes of src/error.rs (`codes`), and the app's own for a failed fetch.
const CODES = ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'INSUFFICIENT_FUNDS', 'PAYMENT_SYSTEM_DISABLED', 'IDEMPOTENCY_KEY_REUSED', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR', 'QUERY_TOO_COMPLEX', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'NETWORK_ERROR'];

test('every code of src/error.rs has a message in both languages', () => {
  const rust = readFileSync(new URL('../../../src/error.rs', import.meta.url), 'utf8');
  const declared = [...rust.matchAll(/pub const (\w+): &str = "(\w+)"/g)].map((m) => m[2]);
  assert.ok(declared.length >= 13, 'codes found in src/error.rs');
  for (const code of new Set([...declared, ...CODES])) {
    for (const l of ['en', 'ru']) {
      assert.ok(MESSAGES[l][`error.${code}`], `${l}: error.${code}`);
      assert.equal(errorMessage(code, l), MESSAGES[l][`error.${code}`]);
    }
  }
  assert.equal(errorMessage('INSUFFICIENT_FUNDS', 'ru'), 'На балансе меньше, чем эта сумма.');
  assert.equal(errorMessage('INSUFFICIENT_FUNDS', 'en'), 'The balance is lower than the amount.');
});

test('an unknown code gets the generic message naming it', () => {
  assert.equal(errorMessage('SOMETHING_NEW', 'en'), 'Something went wrong (code SOMETHING_NEW). Try again later.');
  assert.equal(errorMessage('SOMETHING_NEW', 'ru'), 'Что-то пошло не так (код SOMETHING_NEW). Попробуйте позже.');
  assert.match(errorMessage(undefined, 'en'), /code UNKNOWN/);
});

test('only a web page is a payment page', () => {
  assert.equal(safePaymentUrl('https://yoomoney.ru/quickpay/confirm?label=17'), 'https://yoomoney.ru/quickpay/confirm?label=17');
  assert.equal(safePaymentUrl('http://127.0.0.1:8090/?url=x'), 'http://127.0.0.1:8090/?url=x');
  for (const bad of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'JAVASCRIPT:alert(1)', '/relative', '', null]) assert.equal(safePaymentUrl(bad), null, String(bad));
});
