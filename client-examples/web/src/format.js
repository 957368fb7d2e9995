// Formatting helpers. Money stays a string end to end: no float ever touches it (Intl's
// NumberFormat formats a decimal string exactly). Amounts and dates follow the language
// (i18n.js): `1 500,00 ₽` in Russian, `RUB 1,500.00` in English.
import { lang, locale, t } from './i18n.js';

const moneyFormats = new Map();
function moneyFormat(currency, l) {
  const key = `${l}|${currency}`;
  if (!moneyFormats.has(key)) {
    moneyFormats.set(
      key,
      new Intl.NumberFormat(locale(l), { style: 'currency', currency, currencyDisplay: l === 'en' ? 'code' : 'symbol', minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    );
  }
  return moneyFormats.get(key);
}

/** "1500.00", "RUB" -> "1 500,00 ₽" (ru) or "RUB 1,500.00" (en). */
export function formatMoney(amount, currency = 'RUB', l = lang()) {
  if (amount == null || amount === '') return '—';
  return moneyFormat(currency || 'RUB', l).format(String(amount));
}

/** "1500.00" -> "1 500,00" (ru) or "1,500.00" (en): for table columns under a currency heading. */
export function formatAmount(amount, l = lang()) {
  if (amount == null || amount === '') return '—';
  return new Intl.NumberFormat(locale(l), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(String(amount));
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

export function formatDateTime(iso, l = lang()) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(l), { dateStyle: 'short', timeStyle: 'medium' }).format(d);
}

/** A report's "2026-12-01" (a UTC day) -> "01.12.2026" (ru) or "01/12/2026" (en). */
export function formatDay(day, l = lang()) {
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  return new Intl.DateTimeFormat(locale(l), { dateStyle: 'short', timeZone: 'UTC' }).format(d);
}

/** TOP_UP -> "Top-up" / "Пополнение". */
export const kindLabel = (kind, l = lang()) => t(`kind.${kind}`, {}, l);
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
