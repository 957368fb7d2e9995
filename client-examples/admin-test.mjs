#!/usr/bin/env node
// Browser test of the admin's audit log and reconciliation report, against a running Kassa
// (or the mock server): the data is made over GraphQL (a payment system, 21 users, a
// cashier, a top-up), then an admin's Chromium edits the payment system and checks
//  - #/admin/audit: the acts just done, each with its actor and subject; the action filter;
//    paging (page 2 follows page 1 with no entry twice);
//  - #/admin/report: today's row for the payment system with the exact amount, the totals,
//    a bar in the SVG chart for today; in Russian after the switch (remembered on reload);
//  - that the pages asked no other host for anything.
//
//   KASSA_URL=http://127.0.0.1:18080 KASSA_ADMIN_EMAIL=admin@example.com \
//   KASSA_ADMIN_PASSWORD=... node admin-test.mjs
//
// Optional: KASSA_APP_URL (default $KASSA_URL/app/), CHROMIUM, SCREENSHOT_DIR (default
// ../docs/screenshots), HEADFUL=1. Prints "1 passed, 0 failed" on success.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, requireSetup, runOne, signIn, watchOrigin } from './lib/browser.mjs';
import { gql } from './lib/kassa.mjs';
import { loadOperations } from './lib/operations.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const BASE = process.env.KASSA_URL || 'http://127.0.0.1:18080';
const APP = process.env.KASSA_APP_URL || new URL('/app/', BASE).toString();
const SHOTS = resolve(process.env.SCREENSHOT_DIR || join(here, '..', 'docs', 'screenshots'));
const AMOUNT = '1250.00';

requireSetup();
const ops = loadOperations();
const log = (...a) => console.log('  ', ...a);
const plain = (s) => String(s ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
const check = (ok, what) => {
  if (!ok) throw new Error(what);
};

async function main(use) {
  // ---- data over GraphQL -------------------------------------------------------------------
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const admin = (await gql(BASE, ops.SignIn, { input: { email: process.env.KASSA_ADMIN_EMAIL, password: process.env.KASSA_ADMIN_PASSWORD } })).signIn;
  const as = { token: admin.token };
  const ps = (await gql(BASE, ops.CreatePaymentSystemBinding, { input: { provider: 'OTHER', name: `Desk (audit test ${stamp})`, merchantId: null, secret: null, enabled: true } }, as)).createPaymentSystemBinding;
  const made = [];
  for (let i = 0; i < 21; i++) made.push((await gql(BASE, ops.CreateUser, { input: { email: `audit-${i}-${stamp}@example.com`, name: `Audit ${i} ${stamp}`, password: `audit-pw-${stamp}` } }, as)).createUser);
  const cashier = made[0];
  await gql(BASE, ops.AddCashier, { userId: cashier.id }, as);
  const cashierToken = (await gql(BASE, ops.SignIn, { input: { email: cashier.email, password: `audit-pw-${stamp}` } })).signIn.token;
  const customer = made[1];
  await gql(BASE, ops.TopUpWallet, { input: { walletNumber: customer.wallet.number, amount: AMOUNT, paymentSystemId: ps.id, receipt: `R-${stamp}`, idempotencyKey: `audit-test-${stamp}` } }, { token: cashierToken });
  log(`payment system ${ps.id}, ${made.length} users, cashier ${cashier.email}, top-up of ${AMOUNT}`);

  // ---- the admin's browser ---------------------------------------------------------------
  const browser = use(await launch());
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const origin = watchOrigin(ctx, APP);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => log(`[page error] ${e.message}`));
  const byId = (id) => page.getByTestId(id);

  await page.goto(APP, { waitUntil: 'load' });
  await signIn(page, process.env.KASSA_ADMIN_EMAIL, process.env.KASSA_ADMIN_PASSWORD);

  // ---- an act through the UI: the payment system edited (test mode on) --------------------
  await byId('nav-admin-payment-systems').click();
  await byId(`ps-edit-${ps.id}`).click();
  const edit = byId('ps-edit-form');
  await edit.getByTestId('ps-name').fill(`${ps.name} (edited)`);
  await edit.getByTestId('ps-test-mode').check();
  await edit.getByTestId('ps-save').click();
  const edited = page.locator(`[data-testid="ps-row"][data-id="${ps.id}"]`).filter({ hasText: `${ps.name} (edited)` });
  await edited.waitFor({ timeout: 10000 });
  ps.name = `${ps.name} (edited)`;

  // ---- the audit log -----------------------------------------------------------------------
  await byId('nav-admin-audit').click();
  const rows = page.getByTestId('audit-row');
  await rows.first().waitFor({ timeout: 10000 });
  check((await rows.first().getAttribute('data-action')) === 'PAYMENT_SYSTEM_UPDATED', `the newest entry is the edit: ${await rows.first().getAttribute('data-action')}`);
  check(plain(await rows.first().textContent()).includes(ps.name), 'the edit names the payment system');
  // Newest first: the cashier just appointed is on page 1, with who did it.
  const cashierEntry = page.locator('[data-testid="audit-row"][data-action="CASHIER_ADDED"]').filter({ hasText: cashier.name });
  await cashierEntry.first().waitFor({ timeout: 5000 });
  const cashierText = plain(await cashierEntry.first().textContent());
  check(cashierText.includes('Cashier added') && cashierText.includes(admin.user.name), `the entry reads "${cashierText}"`);
  // The payment system, further back, through the filter.
  await byId('audit-action').selectOption('PAYMENT_SYSTEM_CREATED');
  await page.waitForFunction(() => document.querySelector('[data-testid="audit-list"]')?.dataset.loaded === 'PAYMENT_SYSTEM_CREATED|0');
  const psEntry = page.locator(`[data-testid="audit-row"][data-action="PAYMENT_SYSTEM_CREATED"]`).filter({ hasText: ps.name.replace(' (edited)', '') });
  await psEntry.first().waitFor({ timeout: 5000 });
  check(plain(await psEntry.first().textContent()).includes(admin.user.name), 'the payment system entry names its actor');

  // The filter: only USER_CREATED, 20 a page, and page 2 goes on where page 1 ended.
  await byId('audit-action').selectOption('USER_CREATED');
  await page.waitForFunction(() => document.querySelector('[data-testid="audit-list"]')?.dataset.loaded === 'USER_CREATED|0');
  const actions = await page.$$eval('[data-testid="audit-row"]', (els) => els.map((e) => e.dataset.action));
  check(actions.length === 20 && actions.every((a) => a === 'USER_CREATED'), `page 1 of USER_CREATED: ${actions.length} rows, ${[...new Set(actions)]}`);
  const page1 = await page.$$eval('[data-testid="audit-row"]', (els) => els.map((e) => e.dataset.id));
  const newest = plain(await rows.first().textContent());
  check(newest.includes(made[20].name), `newest first: "${newest.slice(0, 120)}"`);
  check(!(await byId('audit-next').isDisabled()), 'there is a page 2');
  await byId('audit-next').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="audit-list"]')?.dataset.loaded === 'USER_CREATED|1');
  const page2 = await page.$$eval('[data-testid="audit-row"]', (els) => els.map((e) => e.dataset.id));
  check(page2.length >= 1 && page2.every((id) => !page1.includes(id)), `page 2 (${page2.length} rows) repeats nothing of page 1`);
  check(plain(await byId('audit-list').textContent()).includes(made[0].name), 'the oldest of the 21 is on page 2');
  await byId('audit-prev').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="audit-list"]')?.dataset.loaded === 'USER_CREATED|0');
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'admin-audit.png'), fullPage: true });

  // ---- the report ------------------------------------------------------------------------
  await byId('nav-admin-report').click();
  await page.waitForFunction(() => /\|\d+$/.test(document.querySelector('[data-testid="report-rows"]')?.dataset.loaded || ''), null, { timeout: 10000 });
  const today = new Date().toISOString().slice(0, 10);
  const row = page.locator(`[data-testid="report-row"][data-payment-system="${ps.id}"][data-day="${today}"]`);
  await row.waitFor({ timeout: 5000 });
  check((await row.getAttribute('data-amount')) === AMOUNT, `today's row: ${await row.getAttribute('data-amount')}`);
  check((await row.getAttribute('data-online')) === '0.00', 'a cashier top-up is not online');
  const rowText = plain(await row.textContent());
  check(rowText.includes('1,250.00') && rowText.includes(ps.name), `the row reads "${rowText}"`);
  const total = page.locator(`[data-testid="report-total"][data-payment-system="${ps.id}"]`);
  check((await total.getAttribute('data-amount')) === AMOUNT, 'the total for the payment system');
  check(plain(await total.textContent()).includes('RUB 1,250.00'), `total reads "${plain(await total.textContent())}"`);
  const bar = page.locator(`[data-testid="report-bar"][data-day="${today}"]`);
  const height = Number(await bar.locator('rect.cashier').getAttribute('height'));
  check(height > 0, `today's bar is drawn (${height})`);
  const bars = await page.locator('[data-testid="report-bar"]').count();
  check(bars === 30, `one bar per day of the default 30 days: ${bars}`);

  // In Russian, remembered across a reload.
  await byId('lang-ru').click();
  await page.getByRole('heading', { name: 'Отчёт' }).waitFor({ timeout: 5000 });
  await page.reload({ waitUntil: 'load' });
  await page.getByRole('heading', { name: 'Отчёт' }).waitFor({ timeout: 10000 });
  await row.waitFor({ timeout: 5000 });
  const ruText = plain(await row.textContent());
  check(ruText.includes('1 250,00'), `the Russian row reads "${ruText}"`);
  check(plain(await total.textContent()).includes('1 250,00 ₽'), `the Russian total reads "${plain(await total.textContent())}"`);
  await page.screenshot({ path: join(SHOTS, 'admin-report.png'), fullPage: true });
  await byId('lang-en').click();
  log(`screenshots in ${SHOTS}`);

  origin.check("the admin's pages");
  await gql(BASE, ops.UpdatePaymentSystemBinding, { id: ps.id, input: { enabled: false } }, as);
}

await runOne("the admin's audit log (filter, paging) and the report (table, chart, both languages) show what was just done", main);
