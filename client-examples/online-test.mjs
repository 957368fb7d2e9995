#!/usr/bin/env node
// Browser test of an online top-up, end to end: the admin connects a YooMoney binding
// (notification secret stored, so Kassa needs KASSA_SECRET_KEY) and sees its notification
// URL; a customer presses "Top up online" on the wallet page; Chromium goes to the
// invoice's paymentUrl, which this test hands to the payment simulator's local page
// (gateway-sim --serve, in-process); the customer presses Pay there (the simulator sends
// YooMoney's signed notification to Kassa), follows "Back to the wallet", and sees the
// invoice PAID and the top-menu balance changed, live. Then an invoice paid short goes to
// REVIEW, and a cashier credits it from the desk's queue (resolveTopUpInvoice). Saves
// online-simulator.png, online-wallet.png and cashier-review.png.
//
//   KASSA_URL=http://127.0.0.1:18080 KASSA_ADMIN_EMAIL=admin@example.com \
//   KASSA_ADMIN_PASSWORD=... node online-test.mjs
//
// Optional: KASSA_APP_URL, CHROMIUM, SCREENSHOT_DIR, HEADFUL=1. "1 passed, 0 failed" on success.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, requireSetup, runOne, signIn } from './lib/browser.mjs';
import { gql } from './lib/kassa.mjs';
import { loadOperations } from './lib/operations.mjs';
import { serve } from './gateway-sim/serve.mjs';
import { pay, settings, parseArgs } from './gateway-sim/sim.mjs';
import { readFileSync } from 'node:fs';
import ru from './web/src/messages/ru.js';

const here = dirname(fileURLToPath(import.meta.url));
const BASE = process.env.KASSA_URL || 'http://127.0.0.1:18080';
const APP = process.env.KASSA_APP_URL || new URL('/app/', BASE).toString();
const SHOTS = resolve(process.env.SCREENSHOT_DIR || join(here, '..', 'docs', 'screenshots'));
const AMOUNT = '1500.00';
const SECRET = `sim-secret-${Date.now().toString(36)}`;

requireSetup();
const ops = loadOperations();
const StartTopUp = readFileSync(join(here, 'web', 'src', 'ops', 'StartTopUp.graphql'), 'utf8');
const log = (...a) => console.log('  ', ...a);
const check = (ok, what) => {
  if (!ok) throw new Error(what);
};

async function main(use) {
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const admin = (await gql(BASE, ops.SignIn, { input: { email: process.env.KASSA_ADMIN_EMAIL, password: process.env.KASSA_ADMIN_PASSWORD } })).signIn;
  const customer = { email: `online-${stamp}@example.com`, password: `online-pw-${stamp}`, name: `Online ${stamp}` };
  await gql(BASE, ops.SignUp, { input: customer });

  const browser = use(await launch());
  const viewport = { width: 1200, height: 900 };
  const adminPage = await (await browser.newContext({ viewport, locale: 'en-US', permissions: ['clipboard-read', 'clipboard-write'] })).newPage();
  const page = await (await browser.newContext({ viewport, locale: 'ru-RU' })).newPage();
  for (const p of [adminPage, page]) p.on('pageerror', (e) => log(`[page error] ${e.message}`));
  async function signInAs(p, who) {
    await p.goto(APP, { waitUntil: 'load' });
    await signIn(p, who.email, who.password, { live: true });
  }

  // ---- before: with no payment system taking online payments there is no button --------
  const OnlinePaymentSystems = readFileSync(join(here, 'web', 'src', 'ops', 'OnlinePaymentSystems.graphql'), 'utf8');
  const already = (await gql(BASE, OnlinePaymentSystems, {}, { token: admin.token })).paymentSystems.filter((p) => p.enabled && p.acceptsOnlinePayments);
  if (already.length === 0) {
    await signInAs(page, customer);
    await page.getByTestId('online-unavailable').waitFor({ timeout: 10000 });
    check((await page.getByTestId('online-submit').count()) === 0, 'no "Top up online" button without an online payment system');
    log(`without an online payment system: "${await page.getByTestId('online-unavailable').textContent()}"`);
  } else {
    log(`${already.length} online payment system(s) on this server already: the empty case is not checked here`);
  }

  // ---- the admin connects YooMoney through the UI ----------------------------------------
  await signInAs(adminPage, { email: process.env.KASSA_ADMIN_EMAIL, password: process.env.KASSA_ADMIN_PASSWORD });
  await adminPage.getByTestId('nav-admin-payment-systems').click();
  const name = `YooMoney (online test ${stamp})`;
  await adminPage.getByTestId('ps-provider').selectOption('YOOMONEY');
  await adminPage.getByTestId('ps-name').fill(name);
  await adminPage.getByTestId('ps-merchant').fill(`4100${stamp.replace(/\D/g, '').slice(0, 8)}`);
  await adminPage.getByTestId('ps-secret').fill(SECRET);
  await adminPage.getByTestId('ps-create').click();
  const row = adminPage.locator('[data-testid="ps-row"]').filter({ hasText: name });
  await row.waitFor({ timeout: 10000 });
  const bindingId = await row.getAttribute('data-id');
  check((await row.getAttribute('data-online')) === 'true', `the new binding accepts online payments (${await adminPage.getByTestId('ps-form-status').textContent()})`);
  const notificationUrl = await adminPage.getByTestId(`ps-notification-url-${bindingId}`).textContent();
  check(notificationUrl.endsWith(`/payments/${bindingId}/notify`), `notificationUrl ${notificationUrl}`);
  check(!(await adminPage.content()).includes(SECRET), 'the secret is never shown back');
  await adminPage.getByTestId(`ps-copy-${bindingId}`).click();
  await adminPage.waitForFunction(() => document.querySelector('[data-testid="ps-status"]')?.dataset.kind === 'ok', null, { timeout: 5000 });
  const copied = await adminPage.evaluate(() => navigator.clipboard.readText());
  check(copied === notificationUrl, `the copy button copied "${copied}"`);
  log(`binding ${bindingId}, notifications at ${notificationUrl}`);

  // ---- the simulator's payment page, standing in for yoomoney.ru ---------------------------
  const s = settings(parseArgs(['--kassa', BASE, '--binding', bindingId, '--secret', SECRET, '--port', '0']).flags, {});
  s.returnUrl = `${APP}#/wallet?invoice={number}`;
  const sim = await serve(s);
  const simBase = `http://127.0.0.1:${sim.address().port}`;
  const handedOver = [];
  await page.context().route(/^https:\/\/yoomoney\.ru\//, async (route) => {
    const u = new URL(route.request().url());
    handedOver.push(u.toString());
    const res = await fetch(`${simBase}${u.pathname}${u.search}`, { method: route.request().method(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: route.request().postData() || undefined });
    await route.fulfill({ status: res.status, contentType: res.headers.get('content-type'), body: await res.text() });
  });

  try {
    // ---- the customer tops up online -----------------------------------------------------
    if (already.length === 0) await page.reload({ waitUntil: 'load' });
    else await signInAs(page, customer);
    const option = page.getByTestId('online-system').locator('option', { hasText: name });
    await option.waitFor({ state: 'attached', timeout: 10000 });
    await page.getByTestId('online-system').selectOption(bindingId);
    // Over the largest amount: the server's BAD_USER_INPUT, shown in Russian from its code.
    await page.getByTestId('online-amount').fill('99999999.00');
    await page.getByTestId('online-submit').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="online-status"]')?.dataset.kind === 'error', null, { timeout: 10000 });
    const refused = await page.getByTestId('online-status').textContent();
    check(refused === ru['error.BAD_USER_INPUT'], `the refusal reads "${refused}"`);
    await page.getByTestId('online-amount').fill(AMOUNT);
    await page.getByTestId('online-submit').click();
    await page.waitForURL(/^https:\/\/yoomoney\.ru\/quickpay\/confirm\?/, { timeout: 10000 });
    const paymentUrl = new URL(page.url());
    check(paymentUrl.searchParams.get('sum') === AMOUNT, `paymentUrl sum ${paymentUrl.searchParams.get('sum')}`);
    const number = paymentUrl.searchParams.get('label');
    check((await page.getByTestId('sim-invoice').textContent()) === number, 'the simulator shows the invoice');
    await page.getByTestId('sim-pay').click();
    await page.getByTestId('sim-result').waitFor({ timeout: 10000 });
    check((await page.getByTestId('sim-result').getAttribute('data-ok')) === 'true', `Kassa's answer: ${await page.locator('pre').textContent()}`);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'online-simulator.png'), fullPage: true });
    await page.getByTestId('sim-back').click();

    // ---- back on the wallet: the invoice PAID and the balance live ----------------------
    await page.waitForFunction((a) => document.querySelector('[data-testid="balance"]')?.dataset.amount === a, AMOUNT, { timeout: 10000 });
    const inv = page.locator(`[data-testid="invoice-row"][data-number="${number}"]`);
    await inv.waitFor({ timeout: 10000 });
    await page.waitForFunction((n) => document.querySelector(`[data-testid="invoice-row"][data-number="${n}"]`)?.dataset.status === 'PAID', number, { timeout: 10000 });
    check((await inv.getAttribute('class'))?.includes('highlight'), 'the invoice returned to is marked');
    const text = (await page.getByTestId('balance').textContent()).replace(/[\s\u00a0\u202f]+/g, ' ').trim();
    check(text === '1 500,00 ₽', `widget "${text}"`);
    await page.locator('[data-testid="history-row"][data-kind="TOP_UP"]').first().waitFor({ timeout: 5000 });
    await page.screenshot({ path: join(SHOTS, 'online-wallet.png'), fullPage: true });
    check(handedOver.length >= 2, 'the payment page was opened and paid through the simulator');
    log(`invoice ${number} paid through the simulator; screenshots in ${SHOTS}`);

    // ---- paid short: REVIEW, and a cashier credits it from the desk's queue --------------
    const token = (await gql(BASE, ops.SignIn, { input: { email: customer.email, password: customer.password } })).signIn.token;
    const short = (await gql(BASE, StartTopUp, { input: { paymentSystemId: bindingId, amount: '200.00', idempotencyKey: `short-${stamp}` } }, { token })).startTopUp;
    const paidShort = await pay(short.paymentUrl, { ...s, overrides: { ...s.overrides, amount: '199.00' } }, () => {});
    check(paidShort.results.at(-1).ok, 'a validly signed mismatch is answered as accepted');
    const desk = { email: `desk-${stamp}@example.com`, password: `desk-pw-${stamp}`, name: `Desk ${stamp}` };
    const deskUser = (await gql(BASE, ops.CreateUser, { input: desk }, { token: admin.token })).createUser;
    await gql(BASE, ops.AddCashier, { userId: deskUser.id }, { token: admin.token });
    const cashierPage = await (await browser.newContext({ viewport, locale: 'en-US' })).newPage();
    await signInAs(cashierPage, desk);
    await cashierPage.goto(`${APP}#/cashier`);
    const review = cashierPage.locator(`[data-testid="review-row"][data-number="${short.number}"]`);
    await review.waitFor({ timeout: 10000 });
    const invoiceId = await review.getAttribute('data-id');
    await cashierPage.screenshot({ path: join(SHOTS, 'cashier-review.png'), fullPage: true });
    await cashierPage.getByTestId(`review-credit-${invoiceId}`).click();
    check((await cashierPage.getByTestId('review-status').textContent()).includes('reason'), 'a reason is asked for first');
    await cashierPage.getByTestId(`review-reason-${invoiceId}`).fill('the statement shows 199.00 received for 200.00; customer confirmed');
    await cashierPage.getByTestId(`review-credit-${invoiceId}`).click();
    await review.waitFor({ state: 'detached', timeout: 10000 });
    check((await cashierPage.getByTestId('review-status').getAttribute('data-kind')) === 'ok', await cashierPage.getByTestId('review-status').textContent());
    await page.waitForFunction(() => document.querySelector('[data-testid="balance"]')?.dataset.amount !== '1500.00', null, { timeout: 10000 });
    const after = await page.getByTestId('balance').getAttribute('data-amount');
    log(`REVIEW invoice ${short.number} credited from the cashier's queue; balance now ${after}`);
  } finally {
    sim.close();
    await gql(BASE, ops.UpdatePaymentSystemBinding, { id: bindingId, input: { enabled: false } }, { token: admin.token }).catch(() => {});
  }
}

await runOne('an online top-up: Top up online, pay on the simulated YooMoney page, back to a PAID invoice and the new balance', main);
