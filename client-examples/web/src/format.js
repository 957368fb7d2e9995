// Formatting helpers. Money stays a string end to end: no float ever touches it.

/** "1250.00" -> "1 250.00" (thin no-break spaces between thousands). */
export function formatMoney(amount) {
  if (amount == null) return '—';
  const [int, frac] = String(amount).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return frac != null ? `${grouped}.${frac}` : grouped;
}

/** "100000000008" -> "1000 0000 0008": easy to read aloud at the desk. */
export function formatWalletNumber(n) {
  return String(n ?? '').replace(/\D/g, '').replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** What the cashier typed ("1000 0000-0008") -> "100000000008". */
export function normalizeWalletNumber(s) {
  return String(s ?? '').replace(/[\s-]/g, '');
}

/** Luhn check, so the page can hint at a typo (the server decides: BAD_USER_INPUT). */
export function luhnValid(n) {
  if (!/^\d+$/.test(n)) return false;
  let sum = 0;
  for (let i = 0; i < n.length; i++) {
    let d = n.charCodeAt(n.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** The Money input grammar of the contract: digits, optional '.', at most 2 fraction digits. */
export function isMoneyInput(s) {
  return /^\d+(\.\d{1,2})?$/.test(s) && /[1-9]/.test(s);
}

export function formatDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

export const KIND_LABEL = { TOP_UP: 'Top-up', WRITE_OFF: 'Write-off', PAYMENT: 'Payment', REFUND: 'Refund' };
export const KIND_SIGN = { TOP_UP: '+', REFUND: '+', WRITE_OFF: '−', PAYMENT: '−' };

/** An idempotency key per submission; crypto.randomUUID needs a secure context. */
export function newIdempotencyKey() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
