// What the simulator knows of each payment system: how to read an invoice out of the
// paymentUrl Kassa built (gateways.md, "paymentUrl"), and the notification that system
// sends back when the customer has paid (fields, signature, method, content type) with the
// answer Kassa must give. Field names are the providers' own.
import { randomInt } from 'node:crypto';
import { mykassaSign, paymasterHash, qiwiSignature, robokassaResultSignature, yoomoneyHash } from './signatures.mjs';

export const PROVIDERS = ['ROBOKASSA', 'YOOMONEY', 'QIWI', 'PAYMASTER', 'MYKASSA'];

const first = (q, ...names) => names.map((n) => q.get(n)).find((v) => v != null && v !== '') ?? null;

/** The provider a paymentUrl belongs to, from its parameters (or its host). */
export function detectProvider(url) {
  const u = new URL(url);
  const q = u.searchParams;
  if (q.has('InvId') || /robokassa/i.test(u.host)) return 'ROBOKASSA';
  if (q.has('receiver') || q.has('quickpay-form') || /yoomoney/i.test(u.host)) return 'YOOMONEY';
  if ([...q.keys()].some((k) => k.startsWith('LMI_')) || /paymaster/i.test(u.host)) return 'PAYMASTER';
  if (q.has('billId') || /qiwi/i.test(u.host)) return 'QIWI';
  if (q.has('MERCHANT_ORDER_ID') || (q.has('m') && q.has('oa') && q.has('o')) || /mykassa/i.test(u.host)) return 'MYKASSA';
  throw new Error(`cannot tell the payment system from ${u.origin}${u.pathname}: pass --provider`);
}

/**
 * The invoice a paymentUrl asks to pay: {provider, number, amount, merchantId, currency,
 * testMode, params}. Robokassa: MerchantLogin, OutSum, InvId, IsTest; YooMoney: receiver,
 * sum, label; PayMaster: LMI_MERCHANT_ID, LMI_PAYMENT_AMOUNT, LMI_PAYMENT_NO; QIWI: billId,
 * amount, siteId (or publicKey's site); MyKassa: m / MERCHANT_ID, oa / AMOUNT, o / MERCHANT_ORDER_ID.
 */
export function parsePaymentUrl(url, provider = detectProvider(url)) {
  const q = new URL(url).searchParams;
  const pick = {
    ROBOKASSA: () => ({ number: q.get('InvId'), amount: q.get('OutSum'), merchantId: q.get('MerchantLogin'), testMode: q.get('IsTest') === '1' }),
    YOOMONEY: () => ({ number: q.get('label'), amount: q.get('sum'), merchantId: q.get('receiver') }),
    // LMI_SIM_MODE present means test mode (0: every test payment succeeds).
    PAYMASTER: () => ({ number: q.get('LMI_PAYMENT_NO'), amount: q.get('LMI_PAYMENT_AMOUNT'), merchantId: q.get('LMI_MERCHANT_ID'), currency: q.get('LMI_CURRENCY'), testMode: q.has('LMI_SIM_MODE'), simMode: q.get('LMI_SIM_MODE') }),
    QIWI: () => ({ number: first(q, 'billId', 'bill_id'), amount: first(q, 'amount', 'amount.value', 'sum'), merchantId: first(q, 'siteId', 'site_id'), currency: first(q, 'currency', 'amount.currency') }),
    MYKASSA: () => ({ number: first(q, 'MERCHANT_ORDER_ID', 'o', 'order_id'), amount: first(q, 'AMOUNT', 'oa', 'amount'), merchantId: first(q, 'MERCHANT_ID', 'm', 'shop_id'), currency: first(q, 'currency', 'i') }),
  }[provider];
  if (!pick) throw new Error(`unknown provider ${provider}; one of ${PROVIDERS.join(', ')}`);
  const inv = { provider, currency: 'RUB', testMode: false, ...pick(), params: Object.fromEntries(q) };
  if (!inv.currency || inv.currency === '643') inv.currency = 'RUB';
  if (!inv.number) throw new Error(`${provider} paymentUrl has no invoice number`);
  if (!inv.amount) throw new Error(`${provider} paymentUrl has no amount`);
  return inv;
}

/** "100" or "100.5" -> "100.00" / "100.50"; kept as a string, never a float. */
export function twoDigits(amount) {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(String(amount));
  if (!m) throw new Error(`not an amount: ${amount}`);
  const frac = (m[2] || '').padEnd(2, '0');
  if (/[1-9]/.test(frac.slice(2))) throw new Error(`more than 2 fraction digits: ${amount}`);
  return `${m[1]}.${frac.slice(0, 2)}`;
}
/** YooMoney's fee, so `amount` (what arrives) is below `withdraw_amount` (what was paid). */
function afterFee(amount) {
  const [i, f] = twoDigits(amount).split('.');
  const cents = BigInt(i) * 100n + BigInt(f);
  const net = cents - (cents * 3n) / 100n;
  return `${net / 100n}.${String(net % 100n).padStart(2, '0')}`;
}
const form = (fields) => ({ contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams(fields).toString(), fields });
const paymentId = () => String(randomInt(10 ** 9, 10 ** 10 - 1));
const stamp = () => new Date().toISOString().replace(/\.\d+Z$/, '');

/**
 * The signed notification for a paid invoice. `o`: {secret, hashAlgorithm, paymentId,
 * amount, merchantId, currency (override what the invoice says, to try mismatches), shp
 * {Shp_x: v}, status (QIWI), badSignature, prerequest (PayMaster)}.
 * -> {method, contentType, body, headers, fields, expect: {status, body}}
 */
export function notification(inv, o = {}) {
  const secret = o.secret ?? '';
  const amount = twoDigits(o.amount ?? inv.amount);
  const merchantId = o.merchantId ?? inv.merchantId ?? '';
  const id = o.paymentId ?? paymentId();
  const spoil = (sig) => (o.badSignature ? `${sig.slice(0, -2)}${sig.endsWith('00') ? '11' : '00'}` : sig);
  switch (inv.provider) {
    case 'ROBOKASSA': {
      const f = { OutSum: `${amount}0000`, InvId: inv.number, ...(o.shp || {}) };
      f.SignatureValue = spoil(robokassaResultSignature(f, secret, o.hashAlgorithm));
      Object.assign(f, { Fee: '0.00', EMail: 'customer@example.com', PaymentMethod: 'BankCard', IncCurrLabel: 'BankCardPSR', ...(inv.testMode ? { IsTest: '1' } : {}) });
      return { method: 'POST', ...form(f), headers: {}, expect: { status: 200, body: `OK${inv.number}` } };
    }
    case 'YOOMONEY': {
      const f = { notification_type: 'card-incoming', operation_id: id, amount: afterFee(amount), withdraw_amount: amount, currency: o.currency ?? '643', datetime: new Date().toISOString(), sender: '', codepro: 'false', label: inv.number };
      f.sha1_hash = spoil(yoomoneyHash(f, secret));
      Object.assign(f, { unaccepted: 'false', ...(inv.testMode ? { test_notification: 'true' } : {}) });
      return { method: 'POST', ...form(f), headers: {}, expect: { status: 200, body: '' } };
    }
    case 'QIWI': {
      if (!merchantId) throw new Error("QIWI's paymentUrl does not carry the siteId: pass --merchant with the binding's merchant id");
      const bill = { siteId: merchantId, billId: inv.number, amount: { value: amount, currency: o.currency ?? inv.currency ?? 'RUB' }, status: { value: o.status ?? 'PAID', changedDateTime: new Date().toISOString() }, customer: {}, customFields: {}, creationDateTime: new Date().toISOString(), expirationDateTime: new Date(Date.now() + 864e5).toISOString() };
      const body = JSON.stringify({ bill, version: '1' });
      return { method: 'POST', contentType: 'application/json', body, fields: { bill }, headers: { 'X-Api-Signature-SHA256': spoil(qiwiSignature(bill, secret)) }, expect: { status: 200, json: { error: '0' } } };
    }
    case 'PAYMASTER': {
      const currency = o.currency ?? inv.currency ?? 'RUB';
      const f = { LMI_MERCHANT_ID: merchantId, LMI_PAYMENT_NO: inv.number, LMI_SYS_PAYMENT_ID: id, LMI_SYS_PAYMENT_DATE: stamp(), LMI_PAYMENT_AMOUNT: amount, LMI_CURRENCY: currency, LMI_PAID_AMOUNT: amount, LMI_PAID_CURRENCY: currency, LMI_PAYMENT_SYSTEM: '3', LMI_SIM_MODE: inv.simMode ?? '' };
      if (o.prerequest) return { method: 'POST', ...form({ LMI_PREREQUEST: '1', ...f }), headers: {}, expect: { status: 200, body: 'YES' } };
      f.LMI_HASH = o.badSignature ? paymasterHash(f, `${secret}x`, o.hashAlgorithm) : paymasterHash(f, secret, o.hashAlgorithm);
      return { method: 'POST', ...form(f), headers: {}, expect: { status: 200 } };
    }
    case 'MYKASSA': {
      const f = { MERCHANT_ID: merchantId, AMOUNT: amount, MERCHANT_ORDER_ID: inv.number, intid: id };
      f.SIGN = spoil(mykassaSign(f, secret));
      Object.assign(f, { P_EMAIL: 'customer@example.com', CUR_ID: '36' });
      return { method: 'POST', ...form(f), headers: {}, expect: { status: 200, body: 'YES' } };
    }
    default:
      throw new Error(`unknown provider ${inv.provider}`);
  }
}

/** Sends a notification to {kassa}/payments/{bindingId}/notify: {status, body, ok}. */
export async function send(kassa, bindingId, n) {
  const url = new URL(`/payments/${encodeURIComponent(bindingId)}/notify`, kassa).toString();
  const res = await fetch(url, { method: n.method, headers: { 'content-type': n.contentType, ...n.headers }, body: n.body });
  const body = await res.text();
  let ok = res.status === n.expect.status;
  if (ok && n.expect.body != null) ok = body.trim() === n.expect.body;
  if (ok && n.expect.json) {
    try {
      ok = JSON.stringify(JSON.parse(body)) === JSON.stringify(n.expect.json);
    } catch {
      ok = false;
    }
  }
  return { url, status: res.status, body, ok };
}
