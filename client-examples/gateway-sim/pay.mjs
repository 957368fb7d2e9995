// Pays one invoice against Kassa: what both the command line (sim.mjs) and the local
// payment page (serve.mjs) do when the customer "pays".
import { notification, parsePaymentUrl, send } from './providers.mjs';

/** Pays one invoice: the PayMaster pre-request first, then the notification. -> [results]. */
export async function pay(paymentUrl, s, log = console.log) {
  const inv = parsePaymentUrl(paymentUrl, s.provider);
  log(`${inv.provider} invoice ${inv.number}: ${inv.amount} ${inv.currency}${inv.merchantId ? `, merchant ${inv.merchantId}` : ''}${inv.testMode ? ' (test mode)' : ''}`);
  const opts = { secret: s.secret, hashAlgorithm: s.hashAlgorithm, ...s.overrides };
  const steps = [];
  if (inv.provider === 'PAYMASTER' && s.prerequest) steps.push(['pre-request', notification(inv, { ...opts, prerequest: true })]);
  steps.push(['notification', notification(inv, opts)]);
  const results = [];
  for (const [what, n] of steps) {
    log(`-> ${what}: ${n.method} /payments/${s.binding}/notify (${n.contentType})`);
    for (const [k, v] of Object.entries(n.headers)) log(`   ${k}: ${v}`);
    log(`   ${n.body}`);
    if (s.dryRun) continue;
    const r = await send(s.kassa, s.binding, n);
    log(`<- ${r.status} ${r.body ? JSON.stringify(r.body) : '(empty body)'}${r.ok ? '  (the answer this payment system expects)' : '  (not the success answer)'}`);
    results.push({ what, ...r });
    if (!r.ok) break;
  }
  return { invoice: inv, results };
}
