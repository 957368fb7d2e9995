#!/usr/bin/env node
// Builds the web app into web/dist: index.html + app.js + app.css, all referenced with
// relative paths so Kassa can serve the folder at /app/, and graphiql.js + graphiql.css,
// the playground Kassa serves at GET /graphql. `--watch` rebuilds on change.
import { build, context } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist');
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
if (process.argv.includes('--watch')) {
  const ctx = await context(options);
  await ctx.watch();
  console.log('watching web/src …');
} else {
  await build(options);
}
