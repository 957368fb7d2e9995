#!/usr/bin/env node
// End-to-end browser test: a customer's page and a cashier's page side by side (two
// browser contexts); the cashier tops the customer's wallet up through the UI and the
// customer's top-menu balance must change within 1 s, without a reload. Neither page may
// ask any other host than Kassa's for anything (scripts, styles, fonts, API calls).
//
//   KASSA_URL=http://127.0.0.1:18080 KASSA_ADMIN_EMAIL=admin@example.com \
//   KASSA_ADMIN_PASSWORD=... node browser-test.mjs
//
// Optional: KASSA_APP_URL (default $KASSA_URL/app/), CHROMIUM (default /usr/bin/chromium),
// SCREENSHOT_DIR (default ../docs/screenshots next to this folder), HEADFUL=1.
// Data is set up over GraphQL: the admin connects a payment system and makes a cashier;
// a customer signs up. Prints "1 passed, 0 failed" on success, exits non-zero otherwise.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, requireSetup, runOne, signIn, watchOrigin } from './lib/browser.mjs';
import { gql } from './lib/kassa.mjs';
import { loadOperations } from './lib/operations.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const BASE = process.env.KASSA_URL || 'http://127.0.0.1:18080';
const APP = process.env.KASSA_APP_URL || new URL('/app/', BASE).toString();
const ADMIN_EMAIL = process.env.KASSA_ADMIN_EMAIL;
const ADMIN_PASSWORD = process.env.KASSA_ADMIN_PASSWORD;
const SHOTS = resolve(process.env.SCREENSHOT_DIR || join(here, '..', 'docs', 'screenshots'));
const LIMIT_MS = 1000;
const AMOUNT = '1250.00';

requireSetup();

const ops = loadOperations();
const log = (...a) => console.log('  ', ...a);
async function main(use) {
  // ---- data over GraphQL -------------------------------------------------------------------
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const admin = (await gql(BASE, ops.SignIn, { input: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } })).signIn;
  const ps = (
    await gql(BASE, ops.CreatePaymentSystemBinding, { input: { provider: 'YOOMONEY', name: `YooMoney (browser test ${stamp})`, merchantId: `4100-${stamp}`, secret: 'notification-secret', enabled: true } }, { token: admin.token })
  ).createPaymentSystemBinding;
  const cashier = { email: `desk-${stamp}@example.com`, password: `desk-pw-${stamp}`, name: `Desk cashier ${stamp}` };
  const cashierUser = (await gql(BASE, ops.CreateUser, { input: cashier }, { token: admin.token })).createUser;
  await gql(BASE, ops.AddCashier, { userId: cashierUser.id }, { token: admin.token });
  const customer = { email: `buyer-${stamp}@example.com`, password: `buyer-pw-${stamp}`, name: `Buyer ${stamp}` };
  const signUp = (await gql(BASE, ops.SignUp, { input: customer })).signUp;
  const walletNumber = signUp.user.wallet.number;
  const startBalance = signUp.user.wallet.balance;
  log(`payment system ${ps.id}, cashier ${cashier.email}, customer wallet ${walletNumber} (${startBalance})`);

  // ---- two browser contexts --------------------------------------------------------------
  const browser = use(await launch());
  const viewport = { width: 1200, height: 860 };
  // The customer's browser speaks Russian, the cashier's English: each page follows its own.
  const customerCtx = await browser.newContext({ viewport, locale: 'ru-RU' });
  const cashierCtx = await browser.newContext({ viewport, locale: 'en-US' });
  // The app, its scripts, styles and API calls: from Kassa's origin alone, nothing elsewhere.
  const origins = [watchOrigin(customerCtx, APP), watchOrigin(cashierCtx, APP)];
  const customerPage = await customerCtx.newPage();
  const cashierPage = await cashierCtx.newPage();
  for (const [who, p] of [['customer', customerPage], ['cashier', cashierPage]]) {
    p.on('pageerror', (e) => log(`[${who} page error] ${e.message}`));
    p.on('console', (m) => m.type() === 'error' && log(`[${who} console] ${m.text()}`));
  }
  const byId = (p, id) => p.getByTestId(id);

  async function signInThroughUi(page, who) {
    await page.goto(APP, { waitUntil: 'load' });
    await signIn(page, who.email, who.password, { live: true });
  }

  await signInThroughUi(customerPage, customer);
  await signInThroughUi(cashierPage, cashier);
  const before = await byId(customerPage, 'balance').getAttribute('data-amount');
  if (before !== startBalance) throw new Error(`customer widget shows ${before}, expected ${startBalance}`);
  await byId(customerPage, 'wallet-number').waitFor();
  const shownNumber = (await byId(customerPage, 'wallet-number').textContent()).trim();
  if (shownNumber.replace(/\s/g, '') !== walletNumber || !/^\d{4} \d{4} \d{4}$/.test(shownNumber)) throw new Error(`wallet number shown as "${shownNumber}"`);
  await customerPage.getByTestId('payment-system-option').filter({ hasText: ps.name }).waitFor({ timeout: 5000 });
  // A marker that a reload would wipe out.
  await customerPage.evaluate(() => (window.__kassaNoReload = true));

  // ---- the cashier tops up through the UI ------------------------------------------------
  await cashierPage.goto(`${APP}#/cashier`);
  await byId(cashierPage, 'topup-wallet-number').fill(shownNumber); // typed as read aloud, with spaces
  await byId(cashierPage, 'topup-find').click();
  await byId(cashierPage, 'topup-owner').filter({ hasText: customer.name }).waitFor({ timeout: 5000 });
  await byId(cashierPage, 'topup-payment-system').selectOption(ps.id);
  await byId(cashierPage, 'topup-amount').fill(AMOUNT);
  await byId(cashierPage, 'topup-receipt').fill(`YM-${stamp}`);
  await byId(cashierPage, 'topup-comment').fill('paid at desk 1');

  // Start watching the customer's widget before the click: resolves with the wall-clock
  // time at which the balance changed.
  const widgetChanged = customerPage.evaluate(
    (amount) =>
      new Promise((resolve) => {
        const el = document.querySelector('[data-testid="balance"]');
        const done = () => el.dataset.amount === amount && (resolve(Date.now()), true);
        if (!done()) new MutationObserver(() => done()).observe(el, { attributes: true, childList: true, characterData: true, subtree: true });
      }),
    AMOUNT,
  );
  const cashierDone = cashierPage.evaluate(
    () =>
      new Promise((resolve) => {
        const el = document.querySelector('[data-testid="topup-status"]');
        const done = () => el.dataset.kind === 'ok' && (resolve(Date.now()), true);
        if (!done()) new MutationObserver(() => done()).observe(el, { attributes: true, childList: true, subtree: true });
      }),
  );
  const clickedAt = Date.now();
  await byId(cashierPage, 'topup-submit').click();
  const topUpErr = byId(cashierPage, 'topup-status');
  const doneAt = await Promise.race([
    cashierDone,
    new Promise((_, rej) => setTimeout(async () => rej(new Error(`top-up not confirmed in the UI after 10 s: "${await topUpErr.textContent()}"`)), 10000)),
  ]);
  const changedAt = await Promise.race([widgetChanged, new Promise((res) => setTimeout(() => res(null), LIMIT_MS + 2000))]);
  if (changedAt == null) throw new Error(`the customer's widget did not show ${AMOUNT} (still ${await byId(customerPage, 'balance').getAttribute('data-amount')})`);
  const afterCommit = changedAt - doneAt;
  const afterClick = changedAt - clickedAt;
  log(`top-up confirmed ${doneAt - clickedAt} ms after the click; customer widget updated ${afterClick} ms after the click (${afterCommit} ms after the confirmation)`);
  if (afterClick > LIMIT_MS && afterCommit > LIMIT_MS) throw new Error(`the widget took ${afterClick} ms after the click (${afterCommit} ms after the confirmation), limit ${LIMIT_MS} ms`);
  if (!(await customerPage.evaluate(() => window.__kassaNoReload === true))) throw new Error('the customer page was reloaded');
  // Intl writes a no-break or a narrow no-break space, depending on its version.
  const plain = (s) => s.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
  const text = plain(await byId(customerPage, 'balance').textContent());
  if (text !== '1 250,00 ₽') throw new Error(`widget text "${text}", expected "1 250,00 ₽" (ru)`);
  if ((await customerPage.getAttribute('html', 'lang')) !== 'ru') throw new Error('the customer page is not in Russian');

  // The wallet page follows the same event: balance and the history's first row.
  await customerPage.waitForFunction((a) => document.querySelector('[data-testid="wallet-balance"]')?.dataset.amount === a, AMOUNT, { timeout: 3000 });
  await customerPage.locator('[data-testid="history-row"][data-kind="TOP_UP"]').first().waitFor({ timeout: 3000 });
  // The cashier's live feed shows it too.
  await cashierPage.locator('[data-testid="recent-row"][data-kind="TOP_UP"]').filter({ hasText: shownNumber }).first().waitFor({ timeout: 3000 });
  await byId(cashierPage, 'topup-wallet-balance').filter({ hasText: 'RUB 1,250.00' }).waitFor({ timeout: 3000 });

  mkdirSync(SHOTS, { recursive: true });
  await customerPage.screenshot({ path: join(SHOTS, 'customer-wallet.png'), fullPage: true });
  await cashierPage.screenshot({ path: join(SHOTS, 'cashier-topup.png'), fullPage: true });
  log(`screenshots in ${SHOTS}`);

  const requests = origins.map((o, i) => o.check(`the ${['customer', 'cashier'][i]}'s app`));
  log(`${requests.join(' + ')} requests and WebSockets from the two pages, all to ${new URL(APP).origin}`);

  // Leave the server tidy: disable the test payment system.
  await gql(BASE, ops.UpdatePaymentSystemBinding, { id: ps.id, input: { enabled: false } }, { token: admin.token });
}

await runOne('a cashier tops up through the UI; the customer sees the new balance live within 1 s', main);
