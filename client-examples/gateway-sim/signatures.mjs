// Each payment system's notification signature, written from shared/contract/gateways.md
// with node:crypto alone. The same functions sign (the simulator) and check (the tests'
// round trips, the mock server's notify endpoint).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Robokassa's choice of hash (Kassa's HashAlgorithm, plus RIPEMD160 Robokassa offers too). */
export const ALGORITHMS = { MD5: 'md5', RIPEMD160: 'ripemd160', SHA1: 'sha1', SHA256: 'sha256', SHA384: 'sha384', SHA512: 'sha512' };

function algo(name = 'MD5') {
  const a = ALGORITHMS[String(name).toUpperCase()];
  if (!a) throw new Error(`unknown hash algorithm ${name}; one of ${Object.keys(ALGORITHMS).join(', ')}`);
  return a;
}
const hex = (alg, text) => createHash(alg).update(text, 'utf8').digest('hex');

/** Hex strings equal, case-insensitively, compared in constant time. */
export function sameHex(a, b) {
  const x = Buffer.from(String(a ?? '').toLowerCase());
  const y = Buffer.from(String(b ?? '').toLowerCase());
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `:Shp_a=1:Shp_b=2`, the Shp_* parameters in alphabetical order of name. */
export function shpSuffix(params) {
  return Object.keys(params)
    .filter((k) => /^shp_/i.test(k))
    .sort()
    .map((k) => `:${k}=${params[k]}`)
    .join('');
}

/** ResultURL: H("{OutSum}:{InvId}:{Password #2}[:Shp_x=v...]"), OutSum exactly as sent. Upper-case hex, as Robokassa sends it. */
export function robokassaResultSignature({ OutSum, InvId, ...rest }, secret, hash = 'MD5') {
  return hex(algo(hash), `${OutSum}:${InvId}:${secret}${shpSuffix(rest)}`).toUpperCase();
}

/** The payment link's: H("{MerchantLogin}:{OutSum}:{InvId}:{Password #1}[:Shp_x=v...]"). */
export function robokassaLinkSignature({ MerchantLogin, OutSum, InvId, ...rest }, paymentSecret, hash = 'MD5') {
  return hex(algo(hash), `${MerchantLogin}:${OutSum}:${InvId}:${paymentSecret}${shpSuffix(rest)}`);
}

/** YooMoney: sha1_hex of the nine fields joined by '&', the notification_secret 8th. */
export function yoomoneyHash(f, secret) {
  const fields = [f.notification_type, f.operation_id, f.amount, f.currency, f.datetime, f.sender, f.codepro, secret, f.label];
  return hex('sha1', fields.map((v) => v ?? '').join('&'));
}

/** QIWI: hex HMAC-SHA256 over "{currency}|{value}|{billId}|{siteId}|{status}". */
export function qiwiSignature(bill, secret) {
  const data = `${bill.amount.currency}|${bill.amount.value}|${bill.billId}|${bill.siteId}|${bill.status.value}`;
  return createHmac('sha256', secret).update(data, 'utf8').digest('hex');
}

export const PAYMASTER_FIELDS = ['LMI_MERCHANT_ID', 'LMI_PAYMENT_NO', 'LMI_SYS_PAYMENT_ID', 'LMI_SYS_PAYMENT_DATE', 'LMI_PAYMENT_AMOUNT', 'LMI_CURRENCY', 'LMI_PAID_AMOUNT', 'LMI_PAID_CURRENCY', 'LMI_PAYMENT_SYSTEM', 'LMI_SIM_MODE'];

/** PayMaster: base64 of the raw digest H over the ten LMI fields and the secret joined by ';'. */
export function paymasterHash(f, secret, hash = 'MD5') {
  const text = [...PAYMASTER_FIELDS.map((k) => f[k] ?? ''), secret].join(';');
  return createHash(algo(hash)).update(text, 'utf8').digest('base64');
}

/** MyKassa (FreeKassa style): md5_hex("{MERCHANT_ID}:{AMOUNT}:{secret word 2}:{MERCHANT_ORDER_ID}"). */
export function mykassaSign(f, secret) {
  return hex('md5', `${f.MERCHANT_ID}:${f.AMOUNT}:${secret}:${f.MERCHANT_ORDER_ID}`);
}

/** PayMaster's LMI_HASH is base64: compared exactly (constant time), not case-folded. */
export function sameBase64(a, b) {
  const x = Buffer.from(String(a ?? ''));
  const y = Buffer.from(String(b ?? ''));
  return x.length === y.length && timingSafeEqual(x, y);
}
