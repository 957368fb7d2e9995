// #/admin/report: the reconciliation report (paymentSystemReport) for a chosen range of UTC
// days: one row per payment system and day, cashier and online apart, the totals per
// payment system, and a daily bar chart drawn as inline SVG (online stacked on cashier).
import { request, errorText } from '../api.js';
import { h, clear, status, showStatus } from '../dom.js';
import { formatAmount, formatMoney, formatDay } from '../format.js';
import { t } from '../i18n.js';
import { bars, dailyTotals, daysBetween, rangeOf, systemTotals } from '../report-data.js';

import PaymentSystemReport from '../ops/PaymentSystemReport.graphql';

const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) el.setAttribute(k, String(v));
  for (const c of children.flat()) if (c != null) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}
const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n) => new Date(Date.now() - n * 864e5).toISOString().slice(0, 10);

export async function adminReportPage(el) {
  const msg = status('report-status');
  const from = h('input', { type: 'date', name: 'from', testid: 'report-from', value: daysAgo(29), required: true });
  const to = h('input', { type: 'date', name: 'to', testid: 'report-to', value: today(), required: true });
  const chart = h('div', { class: 'chart', testid: 'report-chart' });
  const body = h('tbody', { testid: 'report-rows' });
  const totals = h('tbody', { testid: 'report-totals' });
  const form = h('form', { class: 'row', testid: 'report-form', onsubmit: (ev) => (ev.preventDefault(), run().catch((e) => showStatus(msg, errorText(e), 'error'))) },
    h('label', { class: 'inline' }, t('report.from'), from), h('label', { class: 'inline' }, t('report.to'), to),
    h('button', { type: 'submit', testid: 'report-submit' }, t('report.show')));

  async function run() {
    if (!from.value || !to.value || from.value > to.value) return showStatus(msg, t('report.badRange'), 'error');
    showStatus(msg, t('report.loading'), 'info');
    const { since, until } = rangeOf(from.value, to.value);
    const { paymentSystemReport: rows } = await request(PaymentSystemReport, { since, until });
    showStatus(msg, '', 'ok');
    const days = daysBetween(from.value, to.value);
    drawChart(chart, dailyTotals(rows, days));
    clear(body, rows.length ? rows.map(reportRow) : h('tr', {}, h('td', { colspan: 6, class: 'muted' }, t('report.empty'))));
    clear(totals, systemTotals(rows).map((x) => h('tr', { testid: 'report-total', dataset: { paymentSystem: x.paymentSystem.id, amount: x.amount, online: x.online } },
      h('td', {}, x.paymentSystem.name), h('td', { class: 'num' }, String(x.topUps)), h('td', { class: 'num' }, formatMoney(x.amount)),
      h('td', { class: 'num' }, String(x.onlineTopUps)), h('td', { class: 'num' }, formatMoney(x.online)))));
    body.dataset.loaded = `${since}|${until}|${rows.length}`;
  }

  const head = (first) => h('thead', {}, h('tr', {}, first, h('th', { class: 'num' }, t('report.topUps')), h('th', { class: 'num' }, t('report.amount')), h('th', { class: 'num' }, t('report.onlineTopUps')), h('th', { class: 'num' }, t('report.onlineAmount'))));
  clear(
    el,
    h('h1', {}, t('nav.report')),
    h('section', { class: 'card' }, form, h('p', { class: 'muted small' }, t('report.explain')), msg),
    h('section', { class: 'card' }, h('h2', {}, t('report.chart')), chart),
    h('section', { class: 'card' }, h('h2', {}, t('report.bySystem')), h('table', {}, head(h('th', {}, t('field.paymentSystem'))), totals)),
    h('section', { class: 'card' }, h('h2', {}, t('report.byDay')), h('table', {}, head([h('th', {}, t('report.day')), h('th', {}, t('field.paymentSystem'))]), body)),
  );
  await run();
}

function reportRow(r) {
  return h(
    'tr',
    { testid: 'report-row', dataset: { day: r.day, paymentSystem: r.paymentSystem.id, amount: r.topUpAmount ?? '0.00', online: r.onlineTopUpAmount ?? '0.00' } },
    h('td', { class: 'nowrap' }, formatDay(r.day)),
    h('td', {}, r.paymentSystem.name),
    h('td', { class: 'num' }, String(r.topUps)),
    h('td', { class: 'num' }, formatAmount(r.topUpAmount ?? '0')),
    h('td', { class: 'num' }, String(r.onlineTopUps)),
    h('td', { class: 'num' }, formatAmount(r.onlineTopUpAmount ?? '0')),
  );
}

function drawChart(el, daily) {
  const width = 960;
  const height = 220;
  const geo = bars(daily, { width, height: height - 10 });
  const labelEvery = Math.max(1, Math.ceil(daily.length / 12));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': t('report.chart'), 'data-testid': 'report-svg', preserveAspectRatio: 'none', class: 'bars' },
    geo.map((b, i) => {
      const d = daily[i];
      const title = s('title', {}, `${formatDay(d.day)}: ${formatMoney(d.amount)} (${t('report.online')} ${formatMoney(d.online)}, ${t('report.cashier')} ${formatMoney(d.cashier)})`);
      return s('g', { 'data-testid': 'report-bar', 'data-day': d.day, 'data-amount': d.amount, 'data-online': d.online },
        title,
        s('rect', { class: 'cashier', x: b.x.toFixed(1), y: b.yCashier.toFixed(1), width: b.w.toFixed(1), height: b.hCashier.toFixed(1) }),
        s('rect', { class: 'online', x: b.x.toFixed(1), y: b.yOnline.toFixed(1), width: b.w.toFixed(1), height: b.hOnline.toFixed(1) }),
        i % labelEvery === 0 ? s('text', { x: (b.x + b.w / 2).toFixed(1), y: height - 4, 'text-anchor': 'middle', class: 'label' }, d.day.slice(5)) : null);
    }));
  const legend = h('div', { class: 'legend small' }, h('span', { class: 'swatch cashier' }), ` ${t('report.cashier')} `, h('span', { class: 'swatch online' }), ` ${t('report.online')}`);
  clear(el, svg, legend);
}
