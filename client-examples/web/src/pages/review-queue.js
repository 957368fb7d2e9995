// The cashier's REVIEW queue: online invoices whose validly signed confirmation did not
// match (amount, currency, merchant, a second payment). Each can be credited (by default
// what the payment system reported, or the amount typed) or rejected, with a reason
// (resolveTopUpInvoice); one idempotency key per invoice and decision, kept while that same
// decision is retried.
import { request, ApiError, errorText } from '../api.js';
import { h, clear, status, showStatus } from '../dom.js';
import { formatMoney, formatWalletNumber, formatDateTime, isMoneyInput, newIdempotencyKey } from '../format.js';
import { t } from '../i18n.js';

import InvoicesByStatus from '../ops/InvoicesByStatus.graphql';
import ResolveTopUpInvoice from '../ops/ResolveTopUpInvoice.graphql';

/** -> a section that loads the queue by itself. */
export function reviewQueue() {
  const body = h('tbody', { testid: 'review-list' });
  const msg = status('review-status');
  const keys = new Map(); // `${invoiceId}|${credit}|${reason}` -> idempotency key
  const section = h(
    'section',
    { class: 'card', testid: 'review-queue' },
    h('h2', {}, t('review.title')),
    h('p', { class: 'muted small' }, t('review.explain')),
    h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, t('invoice.number')), h('th', {}, t('tx.wallet')), h('th', {}, t('field.paymentSystem')), h('th', { class: 'num' }, t('tx.amount')), h('th', {}, t('review.creditAmount')), h('th', {}, t('field.reason')), h('th', {}))), body),
    msg,
  );

  async function load() {
    const { topUpInvoices } = await request(InvoicesByStatus, { status: 'REVIEW', first: 50 });
    const edges = topUpInvoices.edges;
    clear(body, edges.length ? edges.map(({ node }) => row(node)) : h('tr', {}, h('td', { colspan: 7, class: 'muted' }, t('review.empty'))));
  }

  function row(inv) {
    const reason = h('input', { name: 'reason', testid: `review-reason-${inv.id}`, placeholder: t('review.reasonPlaceholder'), autocomplete: 'off' });
    const amount = h('input', { name: 'amount', testid: `review-amount-${inv.id}`, placeholder: t('review.amountPlaceholder'), inputmode: 'decimal', autocomplete: 'off', class: 'short' });
    const decide = async (credit, button) => {
      const why = reason.value.trim();
      if (!why) return showStatus(msg, t('review.needReason'), 'error');
      const sum = credit ? amount.value.trim() : '';
      if (sum && !isMoneyInput(sum)) return showStatus(msg, t('form.badAmount'), 'error');
      const k = `${inv.id}|${credit}|${sum}|${why}`;
      if (!keys.has(k)) keys.set(k, newIdempotencyKey());
      button.disabled = true;
      try {
        const { resolveTopUpInvoice: r } = await request(ResolveTopUpInvoice, { input: { invoiceId: inv.id, credit, ...(sum ? { amount: sum } : {}), reason: why, idempotencyKey: keys.get(k) } });
        keys.delete(k);
        showStatus(msg, t(credit ? 'review.credited' : 'review.rejected', { number: r.number }), 'ok');
        await load();
      } catch (e) {
        if (!(e instanceof ApiError && e.retriable)) keys.delete(k);
        showStatus(msg, errorText(e), 'error');
      } finally {
        button.disabled = false;
      }
    };
    const credit = h('button', { type: 'button', class: 'small', testid: `review-credit-${inv.id}`, onclick: (ev) => decide(true, ev.currentTarget) }, t('review.credit'));
    const reject = h('button', { type: 'button', class: 'small danger', testid: `review-reject-${inv.id}`, onclick: (ev) => decide(false, ev.currentTarget) }, t('review.reject'));
    return h(
      'tr',
      { testid: 'review-row', dataset: { id: inv.id, number: inv.number } },
      h('td', { class: 'mono' }, inv.number, h('div', { class: 'muted small' }, formatDateTime(inv.createdAt))),
      h('td', {}, h('span', { class: 'mono' }, formatWalletNumber(inv.wallet.number)), h('div', { class: 'muted small' }, inv.wallet.owner?.name)),
      h('td', {}, inv.paymentSystem?.name, inv.externalId ? h('div', { class: 'muted small mono' }, inv.externalId) : null),
      h('td', { class: 'num' }, formatMoney(inv.amount, inv.wallet.currency),
        inv.paidAmount != null ? h('div', { class: 'muted small', testid: 'review-paid' }, t('review.paid', { amount: formatMoney(inv.paidAmount, inv.wallet.currency) })) : null,
        inv.reviewReason ? h('div', { class: 'muted small', testid: 'review-why' }, inv.reviewReason) : null),
      h('td', {}, amount),
      h('td', {}, reason),
      h('td', { class: 'nowrap' }, credit, ' ', reject),
    );
  }

  load().catch((e) => {
    const old = e instanceof ApiError && e.codes.includes('GRAPHQL_VALIDATION_FAILED');
    clear(body, h('tr', {}, h('td', { colspan: 7, class: 'muted' }, old ? t('online.notOnThisServer') : errorText(e))));
  });
  return section;
}
