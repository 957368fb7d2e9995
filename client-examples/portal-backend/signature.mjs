// Kassa's webhook signature (shared/contract/portal.md): the header
// `Kassa-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(signingSecret, "<t>.<raw body>")>`.
// Verify over the raw bytes as received, before parsing the JSON, and refuse old timestamps
// so a captured delivery cannot be replayed later.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a delivery's `t` may be from now, in seconds. */
export const TOLERANCE_SECONDS = 300;

/** The header value Kassa would send for `rawBody` at unix second `t` (for tests). */
export function sign(secret, rawBody, t) {
  const v1 = createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest('hex');
  return `t=${t},v1=${v1}`;
}

/**
 * True when `header` signs `rawBody` (a Buffer or string) with `secret`, at a time within
 * TOLERANCE_SECONDS of `now` (unix seconds). Any v1 entry may match (Kassa sends one).
 */
export function verify(secret, header, rawBody, now = Math.floor(Date.now() / 1000)) {
  if (typeof header !== 'string') return false;
  const parts = header.split(',').map((part) => part.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(now - t) > TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(sign(secret, rawBody, t).split('v1=')[1], 'hex');
  return parts
    .filter(([k, v]) => k === 'v1' && /^[0-9a-f]{64}$/.test(v ?? ''))
    .some(([, v]) => timingSafeEqual(Buffer.from(v, 'hex'), expected));
}
