// Loads the operation documents in ../operations (one named operation per file).
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const OPERATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'operations');

/** Every operation file: [{name, kind, file, source, exampleVariables}] sorted by path. */
export function listOperations(dir = OPERATIONS_DIR) {
  const out = [];
  for (const kind of ['queries', 'mutations', 'subscriptions']) {
    for (const f of readdirSync(join(dir, kind)).sort()) {
      if (!f.endsWith('.graphql')) continue;
      const file = join(dir, kind, f);
      const source = readFileSync(file, 'utf8');
      const m = source.match(/^#\s*Example variables:\s*(.*)$/m);
      out.push({
        name: f.replace(/\.graphql$/, ''),
        kind,
        file: relative(join(dir, '..'), file),
        source,
        exampleVariables: m ? m[1].trim() : null,
      });
    }
  }
  return out;
}

/** name -> source, e.g. ops.SignIn */
export function loadOperations(dir = OPERATIONS_DIR) {
  return Object.fromEntries(listOperations(dir).map((o) => [o.name, o.source]));
}
