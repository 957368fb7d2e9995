// #/cashier, the cashier's desk: find a wallet by the number the customer reads out, top
// it up or write off from it (one idempotency key per submission, so a retry never moves
// money twice), work the online invoices in REVIEW (review-queue.js), and watch every
// wallet's transactions of the last 24 hours live.
import { request, subscribe, ApiError, errorText } from '../api.js';
import { h, clear, formValues, status, showStatus } from '../dom.js';
import { formatMoney, formatWalletNumber, normalizeWalletNumber, luhnValid, isMoneyInput, kindLabel, newIdempotencyKey } from '../format.js';
import { t } from '../i18n.js';
import { reviewQueue } from './review-queue.js';
import { txRows } from '../tx-rows.js';

import WalletByNumber from '../../../operations/queries/WalletByNumber.graphql';
import RecentTransactions from '../../../operations/queries/RecentTransactions.graphql';
import PaymentSystems from '../../../operations/queries/PaymentSystems.graphql';
import TopUpWallet from '../../../operations/mutations/TopUpWallet.graphql';
import WriteOffWallet from '../../../operations/mutations/WriteOffWallet.graphql';
import WalletBalance from '../../../operations/subscriptions/WalletBalance.graphql';
import TransactionFeed from '../../../operations/subscriptions/TransactionFeed.graphql';

export async function cashierPage(el, cleanup) {
  let found = null; // the wallet found by number
  let stopWalletSub = null;
  // One idempotency key per submission: kept while the same submission is retried,
  // replaced as soon as the form changes or the submission succeeds.
  let topUpKey = null;
  let writeOffKey = null;

  const findStatus = status('topup-find-error');
  const walletCard = h('div', { class: 'found', testid: 'topup-wallet' });
  const numberInput = h('input', { name: 'number', id: 'topup-wallet-number', testid: 'topup-wallet-number', inputmode: 'numeric', autocomplete: 'off', placeholder: '1234 5678 9012', required: true, 'aria-label': t('cashier.walletNumber') });
  const findForm = h(
    'form',
    { class: 'row', testid: 'topup-find-form', onsubmit: (ev) => (ev.preventDefault(), find()) },
    numberInput,
    h('button', { type: 'submit', testid: 'topup-find', id: 'topup-find' }, t('cashier.find')),
  );

  async function find() {
    const number = normalizeWalletNumber(numberInput.value);
    stopWalletSub?.();
    stopWalletSub = null;
    found = null;
    setFormsEnabled(false);
    clear(walletCard);
    showStatus(findStatus, /^\d{12}$/.test(number) && !luhnValid(number) ? t('cashier.checkDigit') : t('cashier.lookingUp'), 'info');
    try {
      const { walletByNumber } = await request(WalletByNumber, { number, first: 5 });
      if (!walletByNumber) return showStatus(findStatus, t('cashier.noWallet', { number: formatWalletNumber(number) }), 'error');
      found = walletByNumber;
      showStatus(findStatus, '', 'ok');
      renderFound();
      setFormsEnabled(true);
      stopWalletSub = subscribe(WalletBalance, { walletNumber: found.number }, {
        next: ({ walletBalance: e }) => {
          if (found && e.walletNumber === found.number && e.version > found.version) {
            found = { ...found, balance: e.balance, version: e.version };
            renderFound();
          }
        },
      });
    } catch (e) {
      showStatus(findStatus, errorText(e), 'error');
    }
  }
  cleanup.push(() => stopWalletSub?.());

  function renderFound() {
    clear(
      walletCard,
      h('div', {}, h('strong', { testid: 'topup-owner' }, found.owner.name), ' ', h('span', { class: 'muted' }, found.owner.email)),
      h('div', { class: 'mono', testid: 'topup-found-number' }, formatWalletNumber(found.number)),
      h('div', {}, `${t('cashier.balance')} `, h('strong', { testid: 'topup-wallet-balance', dataset: { amount: found.balance } }, formatMoney(found.balance, found.currency))),
    );
  }

  const { paymentSystems } = await request(PaymentSystems);
  const enabledSystems = paymentSystems.filter((p) => p.enabled);
  const topUpStatus = status('topup-status');
  const topUpForm = h(
    'form',
    { class: 'card', testid: 'topup-form', oninput: () => (topUpKey = null), onsubmit: (ev) => (ev.preventDefault(), topUp(ev.target)) },
    h('h2', {}, t('cashier.topUp')),
    h(
      'label',
      {},
      t('field.paymentSystem'),
      h('select', { name: 'paymentSystemId', id: 'topup-payment-system', testid: 'topup-payment-system', required: true },
        enabledSystems.length ? enabledSystems.map((p) => h('option', { value: p.id }, p.name)) : h('option', { value: '' }, t('cashier.noSystem'))),
    ),
    h('label', {}, t('field.amount'), h('input', { name: 'amount', id: 'topup-amount', testid: 'topup-amount', inputmode: 'decimal', placeholder: '1250.00', required: true, autocomplete: 'off' })),
    h('label', {}, t('cashier.receipt'), h('input', { name: 'receipt', id: 'topup-receipt', testid: 'topup-receipt', required: true, autocomplete: 'off' })),
    h('label', {}, t('cashier.comment'), h('input', { name: 'comment', id: 'topup-comment', testid: 'topup-comment', autocomplete: 'off' })),
    h('button', { type: 'submit', id: 'topup-submit', testid: 'topup-submit' }, t('cashier.topUp')),
    topUpStatus,
  );
  const writeOffStatus = status('writeoff-status');
  const writeOffForm = h(
    'form',
    { class: 'card', testid: 'writeoff-form', oninput: () => (writeOffKey = null), onsubmit: (ev) => (ev.preventDefault(), writeOff(ev.target)) },
    h('h2', {}, t('cashier.writeOff')),
    h('label', {}, t('field.amount'), h('input', { name: 'amount', testid: 'writeoff-amount', inputmode: 'decimal', required: true, autocomplete: 'off' })),
    h('label', {}, t('field.reason'), h('input', { name: 'reason', testid: 'writeoff-reason', required: true, autocomplete: 'off' })),
    h('button', { type: 'submit', class: 'danger', testid: 'writeoff-submit' }, t('cashier.writeOff')),
    writeOffStatus,
  );
  function setFormsEnabled(on) {
    for (const f of [topUpForm, writeOffForm]) for (const c of f.elements) c.disabled = !on;
  }

  async function submitOperation({ form, statusEl, mutation, field, input, getKey, setKey, verb }) {
    if (!found) return;
    if (!isMoneyInput(input.amount)) return showStatus(statusEl, t('form.badAmount'), 'error');
    const key = getKey() || setKey(newIdempotencyKey());
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    showStatus(statusEl, t('form.sending'), 'info');
    try {
      const data = await request(mutation, { input: { ...input, idempotencyKey: key } });
      const { transaction, wallet } = data[field];
      setKey(null);
      const keep = form.elements.paymentSystemId?.value;
      form.reset();
      if (keep) form.elements.paymentSystemId.value = keep;
      button.textContent = verb;
      found = { ...found, balance: wallet.balance, version: Math.max(found.version, wallet.version) };
      renderFound();
      showStatus(statusEl, t('cashier.done', { kind: kindLabel(transaction.kind), amount: formatMoney(transaction.amount, wallet.currency), balance: formatMoney(wallet.balance, wallet.currency) }), 'ok');
    } catch (e) {
      if (e instanceof ApiError && e.retriable) {
        button.textContent = t('form.retry', { verb }); // the same key: no double credit
        showStatus(statusEl, t('form.retryHint', { error: errorText(e) }), 'error');
      } else {
        setKey(null);
        showStatus(statusEl, errorText(e), 'error');
      }
    } finally {
      button.disabled = false;
    }
  }
  function topUp(form) {
    const v = formValues(form);
    return submitOperation({
      form, statusEl: topUpStatus, mutation: TopUpWallet, field: 'topUpWallet', verb: t('cashier.topUp'),
      input: { walletNumber: found?.number, amount: v.amount, paymentSystemId: v.paymentSystemId, receipt: v.receipt, comment: v.comment || null },
      getKey: () => topUpKey, setKey: (k) => (topUpKey = k),
    });
  }
  function writeOff(form) {
    const v = formValues(form);
    return submitOperation({
      form, statusEl: writeOffStatus, mutation: WriteOffWallet, field: 'writeOffWallet', verb: t('cashier.writeOff'),
      input: { walletNumber: found?.number, amount: v.amount, reason: v.reason },
      getKey: () => writeOffKey, setKey: (k) => (writeOffKey = k),
    });
  }

  // The last day's transactions, kept live by transactionFeed.
  const recentBody = h('tbody', { testid: 'recent-transactions' });
  const feedStatus = h('span', { class: 'muted small', testid: 'feed-status' }, t('feed.connecting'));
  const seen = new Set();
  const recentTable = h('table', { class: 'tx' },
    h('thead', {}, h('tr', {}, h('th', {}, t('tx.when')), h('th', {}, t('tx.wallet')), h('th', {}, t('tx.what')), h('th', { class: 'num' }, t('tx.amount')), h('th', { class: 'num' }, t('tx.balanceAfter')), h('th', {}, t('tx.details')))),
    recentBody);

  clear(
    el,
    h('h1', {}, t('nav.cashier')),
    h('section', { class: 'card' }, h('h2', {}, t('cashier.findTitle')), findForm, findStatus, walletCard),
    h('div', { class: 'grid two' }, topUpForm, writeOffForm),
    reviewQueue(),
    h('section', { class: 'card' }, h('div', { class: 'row' }, h('h2', {}, t('feed.title')), h('span', { class: 'spacer' }), feedStatus), recentTable),
  );
  setFormsEnabled(false);

  const { recentTransactions } = await request(RecentTransactions, { first: 50 });
  recentTransactions.edges.forEach((e) => seen.add(e.node.id));
  clear(recentBody, txRows(recentTransactions.edges, { showWallet: true, testid: 'recent-row' }));
  const stopFeed = subscribe(TransactionFeed, {}, {
    next: ({ transactionFeed: tx }) => {
      feedStatus.textContent = t('feed.live');
      if (seen.has(tx.id)) return;
      seen.add(tx.id);
      recentBody.prepend(...txRows([{ node: tx }], { showWallet: true, testid: 'recent-row' }));
    },
    error: (e) => (feedStatus.textContent = errorText(e)),
    complete: () => (feedStatus.textContent = t('feed.ended')),
  });
  feedStatus.textContent = t('feed.live');
  cleanup.push(stopFeed);
}
