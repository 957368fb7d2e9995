// The public contract as one SDL text: schema.graphql, then the binding additions
// (gateways.graphql, operations.graphql) found beside it or in shared/contract, then the
// announced parts not yet published (pending.graphql beside this file). For the mock server and
// the web app's document test.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
export const ADDITIONS = ['gateways.graphql', 'operations.graphql', 'portal.graphql'];
export const PENDING = join(here, 'pending.graphql');

/** The folders an addition may be in: beside the schema, then the pinned and published copies. */
function additionDirs(schemaPath) {
  return [dirname(schemaPath), join(repo, 'tests', 'contract'), join(repo, '..', 'shared', 'contract'), join(repo, 'shared', 'contract')];
}

/**
 * {sdl, files}: the schema at `schemaPath` with every addition found (each once) and the
 * pending part unless the text defines it already.
 */
export function contractSdl(schemaPath, { pending = true } = {}) {
  const files = [schemaPath];
  for (const name of ADDITIONS) {
    const found = additionDirs(schemaPath).map((d) => join(d, name)).find((p) => existsSync(p));
    if (found) files.push(found);
  }
  let sdl = files.map((f) => readFileSync(f, 'utf8')).join('\n');
  const hasAll = files.length === ADDITIONS.length + 1;
  if (pending && hasAll && !/\bresolveTopUpInvoice\b/.test(sdl)) {
    files.push(PENDING);
    sdl += `\n${readFileSync(PENDING, 'utf8')}`;
  }
  return { sdl, files };
}
