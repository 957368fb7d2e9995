// Runs the GraphQL-over-HTTP audit suite of the graphql-http package against a server.
//
//   node audit/graphql-http-audit.mjs http://127.0.0.1:8080/graphql
//
// Prints one line per audit (MUST, SHOULD, MAY) and exits 1 when any MUST audit fails.
// SHOULD and MAY failures are printed as "warn": docs/reliability.md explains each one
// that Kassa declines.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit/graphql-http-audit.mjs <url of /graphql>');
  process.exit(2);
}

let mustFailures = 0;
const counts = { ok: 0, warn: 0, fail: 0 };
for (const audit of serverAudits({ url })) {
  const result = await audit.fn();
  const must = audit.name.startsWith('MUST');
  const status = result.status === 'ok' ? 'ok' : must ? 'fail' : 'warn';
  counts[status] += 1;
  if (status === 'fail') mustFailures += 1;
  const reason = result.status === 'ok' ? '' : ` -- ${result.reason}`;
  console.log(`${status.padEnd(4)} ${audit.id} ${audit.name}${reason}`);
}
console.log(`audits: ${counts.ok} ok, ${counts.warn} SHOULD/MAY not met, ${counts.fail} MUST failed`);
process.exit(mustFailures > 0 ? 1 : 0);
