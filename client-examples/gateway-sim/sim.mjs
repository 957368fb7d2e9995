#!/usr/bin/env node
// A payment-system simulator for trying Kassa's online top-ups without a shop account.
// Give it an invoice's paymentUrl: it reads the invoice out of it (per provider, as
// shared/contract/gateways.md says), "pays", sends the payment system's signed
// notification to POST {kassa}/payments/{bindingId}/notify and prints Kassa's answer.
//
//   node gateway-sim/sim.mjs 'https://yoomoney.ru/quickpay/confirm?receiver=…&sum=100.00&label=17…' \
//     --kassa http://127.0.0.1:8080 --binding 3 --secret 'notification-secret'
//   node gateway-sim/sim.mjs --serve --port 8090 --kassa … --binding … --secret …
//
// Flags (or environment): --kassa (KASSA_URL), --binding (KASSA_BINDING_ID), --secret
// (KASSA_NOTIFY_SECRET: the binding's `secret`, i.e. Robokassa Password #2, YooMoney
// notification_secret, QIWI secret key, PayMaster secret key, MyKassa secret word 2),
// --hash (KASSA_HASH_ALGORITHM, Robokassa and PayMaster, MD5 by default), --provider.
// To try what Kassa does with a wrong notification: --amount, --merchant, --currency,
// --payment-id (send the same one twice: a replay), --status (QIWI), --bad-signature,
// --shp Shp_name=value (Robokassa, repeatable), --dry-run (print, do not send).
// See README.md beside this file.
import { createInterface } from 'node:readline/promises';
import { pay } from './pay.mjs';
import { serve } from './serve.mjs';

export { pay };

const BOOLEAN = new Set(['serve', 'bad-signature', 'dry-run', 'no-prerequest', 'help']);

/** argv -> {positional, flags}; `--x v`, `--x=v`, repeatable --shp. */
export function parseArgs(argv) {
  const flags = { shp: [] };
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    let [name, value] = a.slice(2).split(/=(.*)/s);
    if (BOOLEAN.has(name)) value = true;
    else if (value === undefined) value = argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    if (name === 'shp') flags.shp.push(value);
    else flags[name] = value;
  }
  return { positional, flags };
}

/** The settings from flags, then the environment. */
export function settings(flags, env = process.env) {
  const shp = Object.fromEntries(
    flags.shp.map((kv) => {
      const [k, v = ''] = kv.split(/=(.*)/s);
      return [/^shp_/i.test(k) ? k : `Shp_${k}`, v];
    }),
  );
  return {
    kassa: flags.kassa || env.KASSA_URL || 'http://127.0.0.1:8080',
    binding: flags.binding || env.KASSA_BINDING_ID,
    secret: flags.secret ?? env.KASSA_NOTIFY_SECRET,
    hashAlgorithm: (flags.hash || env.KASSA_HASH_ALGORITHM || 'MD5').toUpperCase(),
    provider: flags.provider?.toUpperCase(),
    overrides: { amount: flags.amount, merchantId: flags.merchant, currency: flags.currency, paymentId: flags['payment-id'], status: flags.status, badSignature: !!flags['bad-signature'], shp },
    prerequest: !flags['no-prerequest'],
    dryRun: !!flags['dry-run'],
    port: Number(flags.port || env.SIM_PORT || 8090),
    host: flags.host || env.SIM_HOST || '127.0.0.1',
    returnUrl: flags['return-url'] || env.SIM_RETURN_URL,
  };
}

async function main() {
  const { positional, flags } = parseArgs(process.argv.slice(2));
  if (flags.help) {
    console.log('usage: node gateway-sim/sim.mjs [PAYMENT_URL] --kassa URL --binding ID --secret S [--hash MD5] [--serve --port 8090]\nsee gateway-sim/README.md');
    return 0;
  }
  const s = settings(flags);
  if (!s.binding) throw new Error('which binding? --binding ID or KASSA_BINDING_ID (its id is in the admin page and in notificationUrl)');
  if (s.secret == null) throw new Error("the binding's notification secret: --secret S or KASSA_NOTIFY_SECRET");
  if (flags.serve) return serve(s);
  let url = positional[0];
  if (!url) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    url = (await rl.question('paymentUrl: ')).trim();
    rl.close();
  }
  const { results } = await pay(url, s);
  return results.every((r) => r.ok) ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => typeof code === 'number' && process.exit(code),
    (e) => {
      console.error(`gateway-sim: ${e.message}`);
      process.exit(2);
    },
  );
}
