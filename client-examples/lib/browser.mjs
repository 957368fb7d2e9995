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
