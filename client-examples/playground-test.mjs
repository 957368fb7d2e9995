#!/usr/bin/env node
// Browser test of the GraphiQL playground Kassa serves at GET /graphql: it must load from
// Kassa alone (no other host is asked for anything), sign in with a mutation typed into the
// editor, and run a subscription over WebSocket with the token from the Headers tab.
//
//   KASSA_URL=http://127.0.0.1:18080 KASSA_ADMIN_EMAIL=admin@example.com \
//   KASSA_ADMIN_PASSWORD=... node playground-test.mjs
//
// Optional: CHROMIUM (default /usr/bin/chromium), SCREENSHOT_DIR (default
// ../docs/screenshots), HEADFUL=1. Prints "1 passed, 0 failed" on success.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, requireSetup, runOne, watchOrigin } from './lib/browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const BASE = process.env.KASSA_URL || 'http://127.0.0.1:18080';
const ADMIN_EMAIL = process.env.KASSA_ADMIN_EMAIL;
const ADMIN_PASSWORD = process.env.KASSA_ADMIN_PASSWORD;
const SHOTS = resolve(process.env.SCREENSHOT_DIR || join(here, '..', 'docs', 'screenshots'));

requireSetup();

// GraphiQL 3 edits with CodeMirror 5, which hangs its editor object on the element.
async function setEditor(page, selector, text) {
  await page.$eval(`${selector} .CodeMirror`, (el, value) => el.CodeMirror.setValue(value), text);
}

async function run(page, query, expect) {
  await setEditor(page, '.graphiql-query-editor', query);
  await page.waitForTimeout(500); // GraphiQL re-reads the operations shortly after an edit
  await page.click('.graphiql-execute-button');
  const shown = () => page.$eval('.graphiql-response .CodeMirror', (el) => el.CodeMirror.getValue()).catch((e) => `${e}`);
  await page
    .waitForFunction(
      (needle) => document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror.getValue().includes(needle),
      expect,
      { timeout: 10_000 },
    )
    .catch(async (e) => {
      throw new Error(`${e.message}; the response pane shows: ${await shown()}`);
    });
  return JSON.parse(await page.$eval('.graphiql-response .CodeMirror', (el) => el.CodeMirror.getValue()));
}

async function main(use) {
  const browser = use(await launch());
  const context = await browser.newContext({ viewport: { width: 1300, height: 800 } });
  const origins = watchOrigin(context, BASE);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));

  await page.goto(new URL('/graphql', BASE).toString(), { headers: { accept: 'text/html' } });
  await page.waitForSelector('.graphiql-container .graphiql-query-editor .CodeMirror', { timeout: 20_000 });

  const signIn = await run(
    page,
    `mutation SignIn { signIn(input: {email: ${JSON.stringify(ADMIN_EMAIL)}, password: ${JSON.stringify(ADMIN_PASSWORD)}}) { token user { email } } }`,
    '"token"',
  );
  const token = signIn.data?.signIn?.token;
  if (!token || signIn.data.signIn.user.email !== ADMIN_EMAIL) throw new Error(`sign-in failed: ${JSON.stringify(signIn)}`);
  console.log('   signed in through the editor');

  // The Headers tab: its editor is rendered once the tab is opened.
  await page.click('.graphiql-editor-tools button[data-name="headers"]');
  await setEditor(page, '.graphiql-editor-tool .graphiql-editor:not(.hidden)', JSON.stringify({ Authorization: `Bearer ${token}` }));
  const live = await run(page, 'subscription Live { myBalance { balance currency version } }', '"myBalance"');
  if (typeof live.data?.myBalance?.version !== 'number') throw new Error(`no live state: ${JSON.stringify(live)}`);
  console.log(`   subscription over WebSocket: balance ${live.data.myBalance.balance} ${live.data.myBalance.currency}`);

  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'graphiql.png') });
  console.log(`   ${origins.check('the playground')} requests and WebSockets, all to ${new URL(BASE).origin}`);
  if (errors.length) throw new Error(`errors in the page: ${errors.join('; ')}`);
}

await runOne('GraphiQL loads from Kassa alone, runs a mutation and a subscription', main);
