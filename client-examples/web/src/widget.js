// The top-menu balance widget: the signed-in user's balance, kept live by the myBalance
// subscription (in version order, see balance.js), and a dot for the socket's state.
// Pages that show the balance too follow it with onBalanceChange.
import { request, subscribe, onSocketState, errorText } from './api.js';
import { BalanceTracker } from './balance.js';
import { formatMoney } from './format.js';
import { t, onLangChange } from './i18n.js';

import MyWallet from '../../operations/queries/MyWallet.graphql';
import MyBalance from '../../operations/subscriptions/MyBalance.graphql';

const $widget = document.getElementById('balance-widget');
const $balance = document.getElementById('balance');
const $currency = document.getElementById('balance-currency');
const $status = document.getElementById('balance-status');

const balanceListeners = new Set();
const tracker = new BalanceTracker({
  fetchWallet: async () => (await request(MyWallet, { first: 1 })).myWallet,
  onChange: (state, info) => {
    showBalance(state);
    balanceListeners.forEach((f) => f(state, info));
  },
});

// The amount with its currency, as the language writes it (`1 250,00 ₽`, `RUB 1,250.00`);
// the bare currency code stays in its own element for scripts.
function showBalance(state) {
  $balance.textContent = formatMoney(state.balance, state.currency);
  $balance.dataset.amount = state.balance;
  $balance.dataset.version = String(state.version);
  $currency.textContent = '';
  $currency.dataset.currency = state.currency;
}
const $label = $widget.querySelector('.balance-label');
function renderLabels() {
  $label.textContent = t('widget.balance');
  if (tracker.state) showBalance(tracker.state);
}
onLangChange(renderLabels);
renderLabels();

/** f(state, info) on every change the widget applies; returns the function that stops it. */
export const onBalanceChange = (f) => (balanceListeners.add(f), () => balanceListeners.delete(f));

let stopMyBalance = null;

export function startBalanceWidget() {
  stopBalanceWidget();
  $widget.hidden = false;
  $balance.textContent = '…';
  stopMyBalance = subscribe(MyBalance, {}, {
    next: ({ myBalance }) => tracker.apply(myBalance),
    error: (e) => {
      $status.dataset.state = 'error';
      $status.title = errorText(e);
    },
    complete: () => {
      $status.dataset.state = 'closed';
    },
  });
}
export function stopBalanceWidget() {
  stopMyBalance?.();
  stopMyBalance = null;
  tracker.reset();
  $widget.hidden = true;
  delete $balance.dataset.amount;
  delete $balance.dataset.version;
}
onSocketState((state) => {
  $status.dataset.state = state;
  $status.title = t(`widget.socket.${state}`);
});
