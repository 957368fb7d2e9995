// What the browser tests share: Chromium started the same way, and one test's TAP-style
// report ("ok 1 - …", then "1 passed, 0 failed") with the browser closed whatever happens.
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Exits with 2 unless the admin's credentials are set and Chromium is installed. */
export function requireSetup() {
  if (!process.env.KASSA_ADMIN_EMAIL || !process.env.KASSA_ADMIN_PASSWORD) {
    console.error('set KASSA_ADMIN_EMAIL and KASSA_ADMIN_PASSWORD');
    process.exit(2);
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`${CHROMIUM} is missing: apt-get update && apt-get install -y chromium`);
    process.exit(2);
  }
}

/**
 * Starts Chromium with a new, empty, temporary --user-data-dir of its own (removed on
 * close); each newContext() is then a separate incognito-like profile. HEADFUL=1 shows it.
 */
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: !process.env.HEADFUL,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Records every request and WebSocket that any page of `context` opens to another origin
 * than `base`'s (data: and blob: URLs stay in the page). Returns the list; `check(what)`
 * throws naming them, or naming nothing seen at all (a watcher that saw no request proves
 * nothing).
 */
export function watchOrigin(context, base) {
  const origin = new URL(base).origin;
  const wsOrigin = origin.replace(/^http/, 'ws');
  const away = [];
  let seen = 0;
  const note = (url) => {
    seen++;
    const { protocol } = new URL(url);
    if (protocol === 'data:' || protocol === 'blob:') return;
    if (!url.startsWith(`${origin}/`) && !url.startsWith(`${wsOrigin}/`)) away.push(url);
  };
  context.on('request', (request) => note(request.url()));
  context.on('page', (page) => page.on('websocket', (socket) => note(socket.url())));
  return {
    away,
    get seen() {
      return seen;
    },
    check(what) {
      if (seen === 0) throw new Error(`${what}: no request was seen at all`);
      if (away.length) throw new Error(`${what} asked other hosts: ${away.join(', ')}`);
      return seen;
    },
  };
}

/**
 * Signs in through the app's login form on `page` and waits for the wallet page; with
 * `live`, also for the balance widget's first state.
 */
export async function signIn(page, email, password, { live = false } = {}) {
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForFunction(
    (live) => location.hash === '#/wallet' && (!live || document.querySelector('[data-testid="balance"]')?.dataset.version != null),
    live,
    { timeout: 10000 },
  );
}

/**
 * Runs `test(use)`, where `use(browser)` hands over the browser to close at the end, prints
 * the report and exits 0 on success, 1 on failure.
 */
export async function runOne(description, test) {
  let browser;
  let ok = false;
  try {
    await test((launched) => (browser = launched));
    ok = true;
    console.log(`ok 1 - ${description}`);
  } catch (e) {
    console.log(`not ok 1 - ${description}`);
    console.log(`    ${e?.stack || e}`);
  } finally {
    await browser?.close().catch(() => {});
  }
  console.log(ok ? '1 passed, 0 failed' : '0 passed, 1 failed');
  process.exit(ok ? 0 : 1);
}
