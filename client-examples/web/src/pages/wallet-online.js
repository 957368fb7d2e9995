// The wallet page's online part: "Top up online" (an enabled payment system that accepts
// online payments, an amount, startTopUp, then off to its paymentUrl) and the wallet's
// online top-ups with their status. Coming back from the payment page (#/wallet?invoice=ID
// or NUMBER, or simply #/wallet after a redirect from here) marks that invoice and follows
// it until the payment system has confirmed it.
import { request, ApiError, errorText } from '../api.js';
import { h, clear, formValues, status, showStatus, routeParams } from '../dom.js';
import { formatMoney, formatDateTime, isMoneyInput, newIdempotencyKey } from '../format.js';
import { t } from '../i18n.js';
import { onBalanceChange } from '../widget.js';
import { safePaymentUrl } from '../urls.js';

import OnlinePaymentSystems from '../ops/OnlinePaymentSystems.graphql';
import StartTopUp from '../ops/StartTopUp.graphql';
import MyInvoices from '../ops/MyInvoices.graphql';

const SS_LAST = 'kassa.lastInvoice'; // the invoice this tab went off to pay
const POLL_MS = 3000;
const POLL_FOR_MS = 10 * 60 * 1000;

/** -> {card, invoices}: two sections for the wallet page; they load by themselves. */
export function onlineTopUp(cleanup) {
  const card = h('section', { class: 'card', testid: 'online-topup' }, h('h2', {}, t('online.title')));
  const list = h('tbody', { testid: 'invoices' });
  const invoices = h(
    'section',
    { class: 'card', testid: 'invoice-list' },
    h('h2', {}, t('online.invoices')),
    h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, t('invoice.number')), h('th', {}, t('tx.when')), h('th', {}, t('field.paymentSystem')), h('th', { class: 'num' }, t('tx.amount')), h('th', {}, t('invoice.status')))), list),
  );
  const returned = routeParams().get('invoice') || sessionStorage.getItem(SS_LAST);
  let key = null; // one idempotency key per attempt, kept across its retries
  let pollUntil = returned ? Date.now() + POLL_FOR_MS : 0;
  let timer = null;
  cleanup.push(() => clearTimeout(timer));

  async function loadInvoices() {
    const { myWallet } = await request(MyInvoices, { first: 10 });
    const edges = myWallet.topUpInvoices.edges;
    clear(list, edges.length ? edges.map(({ node }) => invoiceRow(node, myWallet.currency, returned)) : h('tr', {}, h('td', { colspan: 5, class: 'muted' }, t('online.noInvoices'))));
    const mine = edges.find(({ node }) => node.id === returned || node.number === returned)?.node;
    if (mine && mine.status !== 'PENDING') sessionStorage.removeItem(SS_LAST);
    clearTimeout(timer);
    if (mine?.status === 'PENDING' && Date.now() < pollUntil) timer = setTimeout(() => loadInvoices().catch(() => {}), POLL_MS);
  }

  async function loadForm() {
    let systems;
    try {
      systems = (await request(OnlinePaymentSystems)).paymentSystems;
    } catch (e) {
      const old = e instanceof ApiError && e.codes.includes('GRAPHQL_VALIDATION_FAILED');
      card.append(h('p', { class: 'notice', testid: 'online-unavailable' }, old ? t('online.notOnThisServer') : errorText(e)));
      return false;
    }
    const online = systems.filter((p) => p.enabled && p.acceptsOnlinePayments);
    if (!online.length) {
      card.append(h('p', { class: 'notice', testid: 'online-unavailable' }, t('online.none')));
      return true;
    }
    const msg = status('online-status');
    const form = h(
      'form',
      { testid: 'online-form', oninput: () => (key = null), onsubmit: (ev) => (ev.preventDefault(), start(ev.target, msg)) },
      h('label', {}, t('field.paymentSystem'), h('select', { name: 'paymentSystemId', testid: 'online-system', required: true }, online.map((p) => h('option', { value: p.id }, p.name)))),
      h('label', {}, t('field.amount'), h('input', { name: 'amount', testid: 'online-amount', inputmode: 'decimal', placeholder: '1500.00', required: true, autocomplete: 'off' })),
      h('button', { type: 'submit', testid: 'online-submit' }, t('online.submit')),
      msg,
    );
    card.append(h('p', { class: 'muted small' }, t('online.explain')), form);
    return true;
  }

  async function start(form, msg) {
    const v = formValues(form);
    if (!isMoneyInput(v.amount)) return showStatus(msg, t('form.badAmount'), 'error');
    key ||= newIdempotencyKey();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    showStatus(msg, t('online.starting'), 'info');
    try {
      const { startTopUp: inv } = await request(StartTopUp, { input: { paymentSystemId: v.paymentSystemId, amount: v.amount, idempotencyKey: key } });
      key = null;
      sessionStorage.setItem(SS_LAST, inv.id);
      const url = safePaymentUrl(inv.paymentUrl);
      if (!url) return showStatus(msg, errorText(new ApiError([{ message: 'paymentUrl is not a web address', extensions: { code: 'BAD_PAYMENT_URL' } }])), 'error');
      showStatus(msg, t('online.redirecting', { system: inv.paymentSystem.name }), 'ok');
      form.dataset.invoiceId = inv.id;
      location.assign(url);
    } catch (e) {
      if (e instanceof ApiError && e.retriable) {
        showStatus(msg, t('form.retryHint', { error: errorText(e) }), 'error'); // the same key next time
      } else {
        key = null;
        showStatus(msg, errorText(e), 'error');
      }
    } finally {
      button.disabled = false;
    }
  }

  // A credit arrives as a balance event: the list follows it.
  cleanup.push(onBalanceChange((_s, info) => (info.event?.transaction || info.resynced) && loadInvoices().catch(() => {})));
  (async () => {
    if (await loadForm()) await loadInvoices();
    else invoices.hidden = true;
  })().catch((e) => list.append(h('tr', {}, h('td', { colspan: 5, class: 'error' }, errorText(e)))));
  return { card, invoices };
}

function invoiceRow(inv, currency, returned) {
  const mine = inv.id === returned || inv.number === returned;
  return h(
    'tr',
    { testid: 'invoice-row', class: mine ? 'highlight' : null, dataset: { id: inv.id, number: inv.number, status: inv.status } },
    h('td', { class: 'mono' }, inv.number),
    h('td', { class: 'nowrap' }, formatDateTime(inv.createdAt)),
    h('td', {}, inv.paymentSystem?.name),
    h('td', { class: 'num' }, formatMoney(inv.amount, currency)),
    h('td', {}, h('span', { class: `badge status-${inv.status}`, testid: 'invoice-status' }, t(`invoice.${inv.status}`)), inv.status === 'PENDING' && mine ? h('span', { class: 'muted small' }, ` ${t('online.waiting')}`) : null),
  );
}
