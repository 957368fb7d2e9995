// #/wallet: the signed-in user's wallet number, balance, how to top up, and the history
// page by page; the widget's live events keep balance and history current.
import { request, errorText } from '../api.js';
import { h, clear, status, showStatus } from '../dom.js';
import { formatMoney, formatWalletNumber } from '../format.js';
import { txRows } from '../tx-rows.js';
import { onBalanceChange } from '../widget.js';

import MyWallet from '../../../operations/queries/MyWallet.graphql';
import PaymentSystems from '../../../operations/queries/PaymentSystems.graphql';
import WalletConfig from '../../../operations/queries/WalletConfig.graphql';

export async function walletPage(el, cleanup) {
  const PAGE = 10;
  const numberEl = h('div', { class: 'wallet-number mono', testid: 'wallet-number' });
  const balanceEl = h('div', { class: 'big', testid: 'wallet-balance' });
  const topupEl = h('div', { testid: 'topup-instructions' });
  const tbody = h('tbody', { testid: 'history' });
  const prevBtn = h('button', { type: 'button', class: 'secondary', testid: 'history-prev' }, '← Newer');
  const nextBtn = h('button', { type: 'button', class: 'secondary', testid: 'history-next' }, 'Older →');
  const pageLabel = h('span', { class: 'muted', testid: 'history-page' });
  let cursors = [null]; // cursors[i] = `after` for page i
  let pageIndex = 0;
  let wallet = null;

  async function loadPage() {
    const { myWallet } = await request(MyWallet, { first: PAGE, after: cursors[pageIndex] });
    wallet = myWallet;
    numberEl.textContent = formatWalletNumber(myWallet.number);
    numberEl.dataset.number = myWallet.number;
    balanceEl.textContent = `${formatMoney(myWallet.balance)} ${myWallet.currency}`;
    balanceEl.dataset.amount = myWallet.balance;
    const conn = myWallet.transactions;
    clear(tbody, conn.edges.length ? txRows(conn.edges) : h('tr', {}, h('td', { colspan: 5, class: 'muted' }, pageIndex ? 'No older transactions.' : 'No transactions yet.')));
    cursors[pageIndex + 1] = conn.pageInfo.endCursor;
    nextBtn.disabled = !conn.pageInfo.hasNextPage;
    prevBtn.disabled = pageIndex === 0;
    pageLabel.textContent = `Page ${pageIndex + 1}`;
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
  const showErr = (e) => showStatus(errEl, errorText(e), 'error');

  clear(
    el,
    h('h1', {}, 'My wallet'),
    h(
      'div',
      { class: 'grid two' },
      h('section', { class: 'card' }, h('h2', {}, 'Wallet number'), numberEl, h('p', { class: 'muted small' }, 'Tell this number to the cashier when you top up.'), h('h2', {}, 'Balance'), balanceEl),
      h('section', { class: 'card' }, h('h2', {}, 'How to top up'), topupEl),
    ),
    h(
      'section',
      { class: 'card' },
      h('div', { class: 'row' }, h('h2', {}, 'History'), h('span', { class: 'spacer' }), prevBtn, pageLabel, nextBtn),
      h('table', { class: 'tx' }, h('thead', {}, h('tr', {}, h('th', {}, 'When'), h('th', {}, 'What'), h('th', { class: 'num' }, 'Amount'), h('th', { class: 'num' }, 'Balance after'), h('th', {}, 'Details'))), tbody),
      errEl,
    ),
  );

  const [_, cfg, systems] = await Promise.all([loadPage(), request(WalletConfig), request(PaymentSystems)]);
  const enabled = systems.paymentSystems.filter((p) => p.enabled);
  if (cfg.walletConfig.topUpAvailable && enabled.length) {
    clear(
      topupEl,
      h('ol', {},
        h('li', {}, 'Pay the amount you want through one of these payment systems:', h('ul', { testid: 'payment-system-list' }, enabled.map((p) => h('li', { testid: 'payment-system-option' }, p.name)))),
        h('li', {}, 'Keep the receipt or payment number.'),
        h('li', {}, 'Give the cashier the receipt and your wallet number ', h('strong', { class: 'mono' }, formatWalletNumber(wallet.number)), '.'),
      ),
      h('p', { class: 'muted small' }, `Up to ${formatMoney(cfg.walletConfig.maxOperationAmount)} ${cfg.walletConfig.currency} per operation.`),
    );
  } else {
    clear(topupEl, h('p', { class: 'notice', testid: 'topup-unavailable' }, 'Top-up not available yet'));
  }

  // Live: the widget's events keep this page in step without a reload.
  const onBalance = (state, info) => {
    balanceEl.textContent = `${formatMoney(state.balance)} ${state.currency}`;
    balanceEl.dataset.amount = state.balance;
    if ((info.event?.transaction || info.resynced) && pageIndex === 0) loadPage().catch(showErr);
  };
  cleanup.push(onBalanceChange(onBalance));
}
