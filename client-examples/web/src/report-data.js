// The reconciliation report's arithmetic, without a DOM (unit-tested): exact sums of Money
// strings in integer kopecks (BigInt), the days of a range, and the daily totals a bar
// chart draws. No float ever holds an amount; only bar heights are fractions.

/** "1500.5" -> 150050n; null or "" -> 0n. */
export function toCents(amount) {
  if (amount == null || amount === '') return 0n;
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(amount));
  if (!m) throw new Error(`not an amount: ${amount}`);
  const frac = (m[3] || '').padEnd(2, '0');
  if (/[1-9]/.test(frac.slice(2))) throw new Error(`more than 2 fraction digits: ${amount}`);
  const c = BigInt(m[2]) * 100n + BigInt(frac.slice(0, 2));
  return m[1] ? -c : c;
}
/** 150050n -> "1500.50" */
export function fromCents(c) {
  const neg = c < 0n;
  const a = neg ? -c : c;
  return `${neg ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
}
export const sumMoney = (amounts) => fromCents(amounts.reduce((s, a) => s + toCents(a), 0n));

/** "2026-11-29", "2026-12-01" -> ["2026-11-29", "2026-11-30", "2026-12-01"] (UTC days). */
export function daysBetween(first, last) {
  const out = [];
  const end = Date.parse(`${last}T00:00:00Z`);
  for (let d = Date.parse(`${first}T00:00:00Z`); d <= end && out.length < 400; d += 864e5) out.push(new Date(d).toISOString().slice(0, 10));
  return out;
}

/** The range a form's two dates mean: from the first day's start to the end of the last (UTC). */
export function rangeOf(first, last) {
  return { since: `${first}T00:00:00Z`, until: new Date(Date.parse(`${last}T00:00:00Z`) + 864e5).toISOString().replace('.000Z', 'Z') };
}

/**
 * Report rows (one per payment system and day) -> one entry per day of the range:
 * {day, topUps, amount, online, cashier, onlineCents, cashierCents} with amounts as strings,
 * days without a top-up included (zero), oldest first.
 */
export function dailyTotals(rows, days) {
  const byDay = new Map(days.map((d) => [d, { topUps: 0, total: 0n, online: 0n }]));
  for (const r of rows) {
    const e = byDay.get(r.day) ?? byDay.set(r.day, { topUps: 0, total: 0n, online: 0n }).get(r.day);
    e.topUps += r.topUps;
    e.total += toCents(r.topUpAmount);
    e.online += toCents(r.onlineTopUpAmount);
  }
  return [...byDay.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([day, e]) => ({ day, topUps: e.topUps, amount: fromCents(e.total), online: fromCents(e.online), cashier: fromCents(e.total - e.online), onlineCents: e.online, cashierCents: e.total - e.online }));
}

/** Per payment system over the whole range: [{paymentSystem, topUps, amount, onlineTopUps, online}]. */
export function systemTotals(rows) {
  const by = new Map();
  for (const r of rows) {
    const k = r.paymentSystem.id;
    const e = by.get(k) ?? by.set(k, { paymentSystem: r.paymentSystem, topUps: 0, onlineTopUps: 0, total: 0n, online: 0n }).get(k);
    e.topUps += r.topUps;
    e.onlineTopUps += r.onlineTopUps;
    e.total += toCents(r.topUpAmount);
    e.online += toCents(r.onlineTopUpAmount);
  }
  return [...by.values()].map((e) => ({ paymentSystem: e.paymentSystem, topUps: e.topUps, onlineTopUps: e.onlineTopUps, amount: fromCents(e.total), online: fromCents(e.online) }));
}

/**
 * Bar geometry for the daily totals in a width x height box (with room for labels):
 * [{day, x, w, yOnline, hOnline, yCashier, hCashier}], online stacked on the cashier part.
 */
export function bars(daily, { width, height, top = 10, bottom = 20 }) {
  const max = daily.reduce((m, d) => (d.onlineCents + d.cashierCents > m ? d.onlineCents + d.cashierCents : m), 0n);
  const plot = height - top - bottom;
  const slot = daily.length ? width / daily.length : width;
  const w = Math.max(1, slot * 0.7);
  const scale = (c) => (max === 0n ? 0 : (Number((c * 10000n) / max) / 10000) * plot);
  return daily.map((d, i) => {
    const hCashier = scale(d.cashierCents);
    const hOnline = scale(d.onlineCents);
    const base = top + plot;
    return { day: d.day, x: i * slot + (slot - w) / 2, w, yCashier: base - hCashier, hCashier, yOnline: base - hCashier - hOnline, hOnline };
  });
}
