#!/usr/bin/env node
// Builds the web app into web/dist: index.html + app.js + app.css, all referenced with
// relative paths so Kassa can serve the folder at /app/, and graphiql.js + graphiql.css,
// the playground Kassa serves at GET /graphql. web/dist is committed and compiled into the
// Kassa binary; the output is deterministic (no timestamps, no absolute paths), so
// scripts/test.sh rebuilds into a temporary folder and fails when the committed one differs.
//
//   node web/build.mjs                      -> web/dist (what `npm run build` runs)
//   node web/build.mjs --outdir DIR         -> DIR instead
//   node web/build.mjs --watch --dev        -> web/dist-dev (not committed), rebuilt on change,
//                                              with source maps; serve it with KASSA_WEB_DIR
import { build, context } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const dev = argv.includes('--dev') || argv.includes('--watch');
const outdirAt = argv.indexOf('--outdir');
const out = outdirAt >= 0 ? resolve(argv[outdirAt + 1]) : join(here, dev ? 'dist-dev' : 'dist');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
copyFileSync(join(here, 'index.html'), join(out, 'index.html'));

const options = {
  entryPoints: { app: join(here, 'src', 'main.js'), graphiql: join(here, 'src', 'graphiql.js') },
  outdir: out,
  bundle: true,
  format: 'esm',
  target: ['es2020'],
  platform: 'browser',
  minify: !process.argv.includes('--dev'),
  sourcemap: process.argv.includes('--dev'),
  loader: { '.graphql': 'text' },
  // The only origin the app may talk to besides its own page's: fixed here, at build time.
  define: { __KASSA_API_ORIGIN__: JSON.stringify(process.env.KASSA_API_ORIGIN || '') },
  legalComments: 'none',
  logLevel: 'info',
};
// The widget for the portal's own pages: a classic script (document.currentScript tells it
// Kassa's origin), exposing window.KassaWidget.mount.
const embed = { ...options, entryPoints: { embed: join(here, 'src', 'embed.js') }, format: 'iife', globalName: 'KassaWidget' };
if (process.argv.includes('--watch')) {
  for (const o of [options, embed]) await (await context(o)).watch();
  console.log('watching web/src …');
} else {
  await build(options);
  await build(embed);
}
