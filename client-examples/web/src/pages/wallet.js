// #/wallet: the signed-in user's wallet number, balance, how to top up (at a cashier's
// desk, or online: wallet-online.js), and the history page by page; the widget's live
// events keep balance, history and the online top-ups current.
import { request, errorText } from '../api.js';
import { h, clear, status, showStatus } from '../dom.js';
import { formatMoney, formatWalletNumber } from '../format.js';
import { txRows } from '../tx-rows.js';
import { onBalanceChange } from '../widget.js';
import { t } from '../i18n.js';
import { onlineTopUp } from './wallet-online.js';

import MyWallet from '../../../operations/queries/MyWallet.graphql';
import PaymentSystems from '../../../operations/queries/PaymentSystems.graphql';
import WalletConfig from '../../../operations/queries/WalletConfig.graphql';

export async function walletPage(el, cleanup) {
  const PAGE = 10;
  const numberEl = h('div', { class: 'wallet-number mono', testid: 'wallet-number' });
  const balanceEl = h('div', { class: 'big', testid: 'wallet-balance' });
  const topupEl = h('div', { testid: 'topup-instructions' });
  const tbody = h('tbody', { testid: 'history' });
  const prevBtn = h('button', { type: 'button', class: 'secondary', testid: 'history-prev' }, t('history.newer'));
  const nextBtn = h('button', { type: 'button', class: 'secondary', testid: 'history-next' }, t('history.older'));
  const pageLabel = h('span', { class: 'muted', testid: 'history-page' });
  let cursors = [null]; // cursors[i] = `after` for page i
  let pageIndex = 0;
  let wallet = null;

  async function loadPage() {
    const { myWallet } = await request(MyWallet, { first: PAGE, after: cursors[pageIndex] });
    wallet = myWallet;
    numberEl.textContent = formatWalletNumber(myWallet.number);
    numberEl.dataset.number = myWallet.number;
    balanceEl.textContent = formatMoney(myWallet.balance, myWallet.currency);
    balanceEl.dataset.amount = myWallet.balance;
    const conn = myWallet.transactions;
    clear(tbody, conn.edges.length ? txRows(conn.edges, { currency: myWallet.currency }) : h('tr', {}, h('td', { colspan: 5, class: 'muted' }, pageIndex ? t('history.noOlder') : t('history.none'))));
    cursors[pageIndex + 1] = conn.pageInfo.endCursor;
    nextBtn.disabled = !conn.pageInfo.hasNextPage;
    prevBtn.disabled = pageIndex === 0;
    pageLabel.textContent = t('history.page', { n: pageIndex + 1 });
  }
  prevBtn.onclick = () => {
    pageIndex = Math.max(0, pageIndex - 1);
    loadPage().catch(showErr);
  };
  nextBtn.onclick = () => {
    pageIndex += 1;
    cursors = cursors.slice(0, pageIndex + 1);
    loadPage().catch(showErr);
  };
  const errEl = status('wallet-error');
  const online = onlineTopUp(cleanup);
  const showErr = (e) => showStatus(errEl, errorText(e), 'error');

  clear(
    el,
    h('h1', {}, t('nav.wallet')),
    h(
      'div',
      { class: 'grid two' },
      h('section', { class: 'card' }, h('h2', {}, t('wallet.number')), numberEl, h('p', { class: 'muted small' }, t('wallet.tellCashier')), h('h2', {}, t('widget.balance')), balanceEl),
      h('section', { class: 'card' }, h('h2', {}, t('wallet.howToTopUp')), topupEl),
    ),
    online.card,
    online.invoices,
    h(
      'section',
      { class: 'card' },
      h('div', { class: 'row' }, h('h2', {}, t('history.title')), h('span', { class: 'spacer' }), prevBtn, pageLabel, nextBtn),
      h('table', { class: 'tx' }, h('thead', {}, h('tr', {}, h('th', {}, t('tx.when')), h('th', {}, t('tx.what')), h('th', { class: 'num' }, t('tx.amount')), h('th', { class: 'num' }, t('tx.balanceAfter')), h('th', {}, t('tx.details')))), tbody),
      errEl,
    ),
  );

  const [_, cfg, systems] = await Promise.all([loadPage(), request(WalletConfig), request(PaymentSystems)]);
  const enabled = systems.paymentSystems.filter((p) => p.enabled);
  if (cfg.walletConfig.topUpAvailable && enabled.length) {
    clear(
      topupEl,
      h('ol', {},
        h('li', {}, t('wallet.step1'), h('ul', { testid: 'payment-system-list' }, enabled.map((p) => h('li', { testid: 'payment-system-option' }, p.name)))),
        h('li', {}, t('wallet.step2')),
        h('li', {}, t('wallet.step3'), ' ', h('strong', { class: 'mono' }, formatWalletNumber(wallet.number))),
      ),
      h('p', { class: 'muted small' }, t('wallet.max', { amount: formatMoney(cfg.walletConfig.maxOperationAmount, cfg.walletConfig.currency) })),
    );
  } else {
    clear(topupEl, h('p', { class: 'notice', testid: 'topup-unavailable' }, t('wallet.unavailable')));
  }

  // Live: the widget's events keep this page in step without a reload.
  const onBalance = (state, info) => {
    balanceEl.textContent = formatMoney(state.balance, state.currency);
    balanceEl.dataset.amount = state.balance;
    if ((info.event?.transaction || info.resynced) && pageIndex === 0) loadPage().catch(showErr);
  };
  cleanup.push(onBalanceChange(onBalance));
}
