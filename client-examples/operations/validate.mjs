#!/usr/bin/env node
// Parses every operation file and validates it against the public contract
// (KASSA_SCHEMA=path, else the copy pinned at tests/contract/schema.graphql), checks one named operation per
// file named like the file, one root field per operation, and that the "Example
// variables" line of each header is JSON accepted by the operation's variables.
// Also checks that every root field of the contract has an operation file.
// Usage: node operations/validate.mjs   (prints "N passed, N failed")
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, parse, validate, getOperationAST, Kind, typeFromAST, coerceInputValue, isNonNullType } from 'graphql';
import { listOperations } from '../lib/operations.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const candidates = [
  process.env.KASSA_SCHEMA,
  join(here, '..', '..', 'tests', 'contract', 'schema.graphql'), // pinned in the repository
  join(here, '..', '..', '..', 'shared', 'contract', 'schema.graphql'), // /work/shared next to /work/main
  join(here, '..', '..', 'shared', 'contract', 'schema.graphql'),
  join(here, '..', '..', 'schema.graphql'), // the server's exported SDL at the repo root
].filter(Boolean);
const schemaPath = candidates.find((p) => existsSync(p));
if (!schemaPath) {
  console.error(`no schema found; tried:\n  ${candidates.join('\n  ')}\nset KASSA_SCHEMA=path/to/schema.graphql`);
  process.exit(2);
}
const schema = buildSchema(readFileSync(schemaPath, 'utf8'));
console.log(`schema: ${schemaPath}`);

let passed = 0;
let failed = 0;
const covered = new Set();
const rootTypes = { queries: schema.getQueryType(), mutations: schema.getMutationType(), subscriptions: schema.getSubscriptionType() };
const opKind = { queries: 'query', mutations: 'mutation', subscriptions: 'subscription' };

for (const op of listOperations()) {
  const problems = [];
  try {
    const doc = parse(op.source);
    problems.push(...validate(schema, doc).map((e) => e.message));
    const defs = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (defs.length !== 1) problems.push(`expected one operation, found ${defs.length}`);
    const def = getOperationAST(doc);
    if (def) {
      if (def.name?.value !== op.name) problems.push(`operation is named ${def.name?.value}, file is ${op.name}`);
      if (def.operation !== opKind[op.kind]) problems.push(`a ${def.operation} in ${op.kind}/`);
      const fields = def.selectionSet.selections.filter((s) => s.kind === Kind.FIELD);
      if (fields.length !== 1) problems.push(`expected one root field, found ${fields.length}`);
      fields.forEach((f) => covered.add(`${op.kind}.${f.name.value}`));
      if (!/^#\s*Who may call:/m.test(op.source)) problems.push('header lacks "Who may call:"');
      if (op.exampleVariables == null) problems.push('header lacks "Example variables:"');
      else {
        let vars;
        try {
          vars = JSON.parse(op.exampleVariables);
        } catch (e) {
          problems.push(`example variables are not JSON: ${e.message}`);
        }
        if (vars) {
          for (const vd of def.variableDefinitions || []) {
            const name = vd.variable.name.value;
            const type = typeFromAST(schema, vd.type);
            if (!(name in vars)) {
              if (isNonNullType(type) && !vd.defaultValue) problems.push(`example lacks required $${name}`);
              continue;
            }
            coerceInputValue(vars[name], type, (path, _v, err) => problems.push(`example $${name}${path.length ? '.' + path.join('.') : ''}: ${err.message}`));
          }
          for (const k of Object.keys(vars)) {
            if (!(def.variableDefinitions || []).some((vd) => vd.variable.name.value === k)) problems.push(`example has unknown $${k}`);
          }
        }
      }
    }
  } catch (e) {
    problems.push(e.message);
  }
  if (problems.length) {
    failed++;
    console.log(`not ok - ${op.file}\n    ${problems.join('\n    ')}`);
  } else {
    passed++;
    console.log(`ok - ${op.file}`);
  }
}

for (const [kind, type] of Object.entries(rootTypes)) {
  for (const field of Object.keys(type?.getFields() ?? {})) {
    if (covered.has(`${kind}.${field}`)) {
      passed++;
    } else {
      failed++;
      console.log(`not ok - no operation file for ${type.name}.${field}`);
    }
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
