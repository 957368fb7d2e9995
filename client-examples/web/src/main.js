// Kassa web app: hash-routed pages over the Kassa GraphQL API.
import './style.css';
import { request, subscribe, setToken, getToken, onAuthChange, onSocketState, endpoints, ApiError } from './api.js';
import { BalanceTracker } from './balance.js';
import { h, clear, formValues } from './dom.js';
import { formatMoney, formatWalletNumber, normalizeWalletNumber, luhnValid, isMoneyInput, formatDateTime, KIND_LABEL, KIND_SIGN, newIdempotencyKey } from './format.js';

import Me from '../../operations/queries/Me.graphql';
import MyWallet from '../../operations/queries/MyWallet.graphql';
import WalletByNumber from '../../operations/queries/WalletByNumber.graphql';
import RecentTransactions from '../../operations/queries/RecentTransactions.graphql';
import Users from '../../operations/queries/Users.graphql';
import Cashiers from '../../operations/queries/Cashiers.graphql';
import PaymentSystems from '../../operations/queries/PaymentSystems.graphql';
import WalletConfig from '../../operations/queries/WalletConfig.graphql';
import SignIn from '../../operations/mutations/SignIn.graphql';
import SignUp from '../../operations/mutations/SignUp.graphql';
import SignOut from '../../operations/mutations/SignOut.graphql';
import TopUpWallet from '../../operations/mutations/TopUpWallet.graphql';
import WriteOffWallet from '../../operations/mutations/WriteOffWallet.graphql';
import CreateUser from '../../operations/mutations/CreateUser.graphql';
import AddCashier from '../../operations/mutations/AddCashier.graphql';
import RemoveCashier from '../../operations/mutations/RemoveCashier.graphql';
import CreatePaymentSystemBinding from '../../operations/mutations/CreatePaymentSystemBinding.graphql';
import UpdatePaymentSystemBinding from '../../operations/mutations/UpdatePaymentSystemBinding.graphql';
import MyBalance from '../../operations/subscriptions/MyBalance.graphql';
import WalletBalance from '../../operations/subscriptions/WalletBalance.graphql';
import TransactionFeed from '../../operations/subscriptions/TransactionFeed.graphql';

const $page = document.getElementById('page');
const $nav = document.getElementById('nav');
const $account = document.getElementById('account');
const $widget = document.getElementById('balance-widget');
const $balance = document.getElementById('balance');
const $currency = document.getElementById('balance-currency');
const $status = document.getElementById('balance-status');

let me = null; // the signed-in user

// What a page started (subscriptions, listeners) is stopped when the route changes, even
// if the page's async rendering is still under way at that moment.
class Cleanup {
  fns = [];
  disposed = false;
  push(fn) {
    if (this.disposed) fn();
    else this.fns.push(fn);
  }
  dispose() {
    this.disposed = true;
    this.fns.splice(0).forEach((f) => f());
  }
}
let pageCleanup = new Cleanup();
const hasRole = (r) => !!me?.roles?.includes(r);
const errorText = (e) => (e instanceof ApiError ? e.message : `ERROR: ${e?.message || e}`);

// ---- the top-menu balance widget ---------------------------------------------------------
const balanceListeners = new Set();
const tracker = new BalanceTracker({
  fetchWallet: async () => (await request(MyWallet, { first: 1 })).myWallet,
  onChange: (state, info) => {
    $balance.textContent = formatMoney(state.balance);
    $balance.dataset.amount = state.balance;
    $balance.dataset.version = String(state.version);
    $currency.textContent = state.currency;
    balanceListeners.forEach((f) => f(state, info));
  },
});
let stopMyBalance = null;

function startBalanceWidget() {
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
function stopBalanceWidget() {
  stopMyBalance?.();
  stopMyBalance = null;
  tracker.reset();
  $widget.hidden = true;
  delete $balance.dataset.amount;
  delete $balance.dataset.version;
}
onSocketState((state) => {
  $status.dataset.state = state;
  $status.title = { connected: 'live', connecting: 'connecting…', closed: 'reconnecting…' }[state] || state;
});

// ---- session -----------------------------------------------------------------------------
async function loadMe() {
  if (!getToken()) return (me = null);
  try {
    me = (await request(Me)).me;
    if (!me) setToken(null);
  } catch (e) {
    if (e instanceof ApiError && e.codes.includes('UNAUTHENTICATED')) me = null;
    else throw e;
  }
  return me;
}

onAuthChange((token) => {
  if (!token) {
    me = null;
    stopBalanceWidget();
    renderChrome();
    if (location.hash !== '#/login') location.hash = '#/login';
  }
});

function renderChrome() {
  const links = [];
  if (me) {
    links.push(['#/wallet', 'My wallet', 'nav-wallet']);
    if (hasRole('CASHIER') || hasRole('ADMIN')) links.push(['#/cashier', 'Wallet top-up', 'nav-cashier']);
    if (hasRole('ADMIN')) {
      links.push(['#/admin/cashiers', 'Cashiers', 'nav-admin-cashiers']);
      links.push(['#/admin/payment-systems', 'Payment systems', 'nav-admin-payment-systems']);
    }
  }
  const route = location.hash.split('?')[0];
  clear($nav, links.map(([href, label, testid]) => h('a', { href, testid, class: route === href ? 'active' : null }, label)));
  clear(
    $account,
    me
      ? [h('span', { class: 'who', testid: 'account-name', title: me.email }, me.name), h('button', { type: 'button', class: 'link', testid: 'signout', onclick: signOut }, 'Sign out')]
      : [],
  );
}

async function signOut() {
  try {
    await request(SignOut);
  } catch {
    /* the token is dropped anyway */
  }
  setToken(null);
}

async function signedIn(payload) {
  setToken(payload.token);
  me = payload.user;
  startBalanceWidget();
  location.hash = '#/wallet';
}

// ---- router ------------------------------------------------------------------------------
const routes = {
  '#/login': loginPage,
  '#/wallet': walletPage,
  '#/cashier': cashierPage,
  '#/admin/cashiers': adminCashiersPage,
  '#/admin/payment-systems': adminPaymentSystemsPage,
};

async function route() {
  pageCleanup.dispose();
  pageCleanup = new Cleanup();
  const path = location.hash.split('?')[0] || '#/wallet';
  if (!me && path !== '#/login') {
    location.hash = '#/login';
    return;
  }
  if (me && path === '#/login') {
    location.hash = '#/wallet';
    return;
  }
  const render = routes[path] || notFoundPage;
  renderChrome();
  // A fresh container per visit: a page still loading when the route changes renders
  // into its own detached container, never over the next page.
  const container = h('div', { class: 'view' });
  clear($page, container);
  $page.dataset.route = path;
  try {
    await render(container, pageCleanup);
  } catch (e) {
    container.append(h('p', { class: 'error', testid: 'page-error' }, errorText(e)));
  }
}

function notFoundPage(el) {
  clear(el, h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '#/wallet' }, 'Back to my wallet')));
}

function status(testid) {
  return h('p', { class: 'status', testid, role: 'status', 'aria-live': 'polite' });
}
function showStatus(el, text, kind = 'ok') {
  el.textContent = text;
  el.dataset.kind = kind;
  el.className = `status ${kind}`;
}

// ---- sign in / sign up -------------------------------------------------------------------
function loginPage(el) {
  const loginStatus = status('login-error');
  const signupStatus = status('signup-error');
  const signInForm = h(
    'form',
    {
      class: 'card',
      testid: 'login-form',
      onsubmit: async (ev) => {
        ev.preventDefault();
        const v = formValues(ev.target);
        showStatus(loginStatus, 'Signing in…', 'info');
        try {
          const { signIn } = await request(SignIn, { input: { email: v.email, password: v.password } });
          await signedIn(signIn);
        } catch (e) {
          showStatus(loginStatus, errorText(e), 'error');
        }
      },
    },
    h('h2', {}, 'Sign in'),
    h('label', {}, 'Email', h('input', { name: 'email', type: 'email', required: true, autocomplete: 'username', testid: 'login-email', id: 'login-email' })),
    h('label', {}, 'Password', h('input', { name: 'password', type: 'password', required: true, autocomplete: 'current-password', testid: 'login-password', id: 'login-password' })),
    h('button', { type: 'submit', testid: 'login-submit', id: 'login-submit' }, 'Sign in'),
    loginStatus,
  );
  const signUpForm = h(
    'form',
    {
      class: 'card',
      testid: 'signup-form',
      onsubmit: async (ev) => {
        ev.preventDefault();
        const v = formValues(ev.target);
        showStatus(signupStatus, 'Creating your wallet…', 'info');
        try {
          const { signUp } = await request(SignUp, { input: { name: v.name, email: v.email, password: v.password } });
          await signedIn(signUp);
        } catch (e) {
          showStatus(signupStatus, errorText(e), 'error');
        }
      },
    },
    h('h2', {}, 'New here? Create a wallet'),
    h('label', {}, 'Name', h('input', { name: 'name', required: true, autocomplete: 'name', testid: 'signup-name' })),
    h('label', {}, 'Email', h('input', { name: 'email', type: 'email', required: true, autocomplete: 'email', testid: 'signup-email' })),
    h('label', {}, 'Password (8 to 128 characters)', h('input', { name: 'password', type: 'password', required: true, minlength: 8, maxlength: 128, autocomplete: 'new-password', testid: 'signup-password' })),
    h('button', { type: 'submit', testid: 'signup-submit' }, 'Sign up'),
    signupStatus,
  );
  clear(el, h('div', { class: 'grid two' }, signInForm, signUpForm), h('p', { class: 'muted small' }, `API: ${endpoints.http}`));
}

// ---- wallet page -------------------------------------------------------------------------
function txRows(edges, { showWallet = false, testid = 'history-row' } = {}) {
  return edges.map(({ node: t }) =>
    h(
      'tr',
      { testid, dataset: { id: t.id, kind: t.kind } },
      h('td', { class: 'nowrap' }, formatDateTime(t.createdAt)),
      showWallet ? h('td', { class: 'mono nowrap' }, formatWalletNumber(t.wallet?.number)) : null,
      h('td', {}, h('span', { class: `kind ${t.kind}` }, KIND_LABEL[t.kind] || t.kind)),
      h('td', { class: `num ${KIND_SIGN[t.kind] === '+' ? 'plus' : 'minus'}` }, `${KIND_SIGN[t.kind] || ''}${formatMoney(t.amount)}`),
      h('td', { class: 'num' }, formatMoney(t.balanceAfter)),
      h('td', { class: 'details' }, [t.paymentSystem?.name, t.reference, t.comment, t.performedBy && !showWallet ? `by ${t.performedBy.name}` : null].filter(Boolean).join(' · ')),
    ),
  );
}

async function walletPage(el, cleanup) {
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
  balanceListeners.add(onBalance);
  cleanup.push(() => balanceListeners.delete(onBalance));
}

// ---- cashier: wallet top-up -----------------------------------------------------------------
async function cashierPage(el, cleanup) {
  let found = null; // the wallet found by number
  let stopWalletSub = null;
  // One idempotency key per submission: kept while the same submission is retried,
  // replaced as soon as the form changes or the submission succeeds.
  let topUpKey = null;
  let writeOffKey = null;

  const findStatus = status('topup-find-error');
  const walletCard = h('div', { class: 'found', testid: 'topup-wallet' });
  const numberInput = h('input', { name: 'number', id: 'topup-wallet-number', testid: 'topup-wallet-number', inputmode: 'numeric', autocomplete: 'off', placeholder: '1234 5678 9012', required: true });
  const findForm = h(
    'form',
    { class: 'row', testid: 'topup-find-form', onsubmit: (ev) => (ev.preventDefault(), find()) },
    numberInput,
    h('button', { type: 'submit', testid: 'topup-find', id: 'topup-find' }, 'Find wallet'),
  );

  async function find() {
    const number = normalizeWalletNumber(numberInput.value);
    stopWalletSub?.();
    stopWalletSub = null;
    found = null;
    setFormsEnabled(false);
    clear(walletCard);
    showStatus(findStatus, /^\d{12}$/.test(number) && !luhnValid(number) ? 'Checking… (the check digit looks wrong)' : 'Looking up…', 'info');
    try {
      const { walletByNumber } = await request(WalletByNumber, { number, first: 5 });
      if (!walletByNumber) return showStatus(findStatus, `NOT_FOUND: no wallet has the number ${formatWalletNumber(number)}`, 'error');
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
      h('div', {}, 'Balance: ', h('strong', { testid: 'topup-wallet-balance', dataset: { amount: found.balance } }, `${formatMoney(found.balance)} ${found.currency}`)),
    );
  }

  const { paymentSystems } = await request(PaymentSystems);
  const enabledSystems = paymentSystems.filter((p) => p.enabled);
  const topUpStatus = status('topup-status');
  const topUpForm = h(
    'form',
    { class: 'card', testid: 'topup-form', oninput: () => (topUpKey = null), onsubmit: (ev) => (ev.preventDefault(), topUp(ev.target)) },
    h('h2', {}, 'Top up'),
    h(
      'label',
      {},
      'Payment system',
      h('select', { name: 'paymentSystemId', id: 'topup-payment-system', testid: 'topup-payment-system', required: true },
        enabledSystems.length ? enabledSystems.map((p) => h('option', { value: p.id }, p.name)) : h('option', { value: '' }, 'No payment system is enabled')),
    ),
    h('label', {}, 'Amount', h('input', { name: 'amount', id: 'topup-amount', testid: 'topup-amount', inputmode: 'decimal', placeholder: '1250.00', required: true, autocomplete: 'off' })),
    h('label', {}, 'Receipt number', h('input', { name: 'receipt', id: 'topup-receipt', testid: 'topup-receipt', required: true, autocomplete: 'off' })),
    h('label', {}, 'Comment', h('input', { name: 'comment', id: 'topup-comment', testid: 'topup-comment', autocomplete: 'off' })),
    h('button', { type: 'submit', id: 'topup-submit', testid: 'topup-submit' }, 'Top up'),
    topUpStatus,
  );
  const writeOffStatus = status('writeoff-status');
  const writeOffForm = h(
    'form',
    { class: 'card', testid: 'writeoff-form', oninput: () => (writeOffKey = null), onsubmit: (ev) => (ev.preventDefault(), writeOff(ev.target)) },
    h('h2', {}, 'Write off'),
    h('label', {}, 'Amount', h('input', { name: 'amount', testid: 'writeoff-amount', inputmode: 'decimal', required: true, autocomplete: 'off' })),
    h('label', {}, 'Reason', h('input', { name: 'reason', testid: 'writeoff-reason', required: true, autocomplete: 'off' })),
    h('button', { type: 'submit', class: 'danger', testid: 'writeoff-submit' }, 'Write off'),
    writeOffStatus,
  );
  function setFormsEnabled(on) {
    for (const f of [topUpForm, writeOffForm]) for (const c of f.elements) c.disabled = !on;
  }

  async function submitOperation({ form, statusEl, mutation, field, input, getKey, setKey, verb }) {
    if (!found) return;
    if (!isMoneyInput(input.amount)) return showStatus(statusEl, 'BAD_USER_INPUT: the amount must look like 1250 or 1250.50 (digits, a dot, at most 2 decimals)', 'error');
    const key = getKey() || setKey(newIdempotencyKey());
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    showStatus(statusEl, 'Sending…', 'info');
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
      showStatus(statusEl, `Done: ${KIND_LABEL[transaction.kind]} of ${formatMoney(transaction.amount)} ${wallet.currency}; balance now ${formatMoney(wallet.balance)} ${wallet.currency}.`, 'ok');
    } catch (e) {
      if (e instanceof ApiError && e.retriable) {
        button.textContent = `Retry ${verb.toLowerCase()}`; // the same key: no double credit
        showStatus(statusEl, `${errorText(e)}. Press retry: it is safe, the same request is sent again.`, 'error');
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
      form, statusEl: topUpStatus, mutation: TopUpWallet, field: 'topUpWallet', verb: 'Top up',
      input: { walletNumber: found?.number, amount: v.amount, paymentSystemId: v.paymentSystemId, receipt: v.receipt, comment: v.comment || null },
      getKey: () => topUpKey, setKey: (k) => (topUpKey = k),
    });
  }
  function writeOff(form) {
    const v = formValues(form);
    return submitOperation({
      form, statusEl: writeOffStatus, mutation: WriteOffWallet, field: 'writeOffWallet', verb: 'Write off',
      input: { walletNumber: found?.number, amount: v.amount, reason: v.reason },
      getKey: () => writeOffKey, setKey: (k) => (writeOffKey = k),
    });
  }

  // The last day's transactions, kept live by transactionFeed.
  const recentBody = h('tbody', { testid: 'recent-transactions' });
  const feedStatus = h('span', { class: 'muted small', testid: 'feed-status' }, 'connecting…');
  const seen = new Set();
  const recentTable = h('table', { class: 'tx' },
    h('thead', {}, h('tr', {}, h('th', {}, 'When'), h('th', {}, 'Wallet'), h('th', {}, 'What'), h('th', { class: 'num' }, 'Amount'), h('th', { class: 'num' }, 'Balance after'), h('th', {}, 'Details'))),
    recentBody);

  clear(
    el,
    h('h1', {}, 'Wallet top-up'),
    h('section', { class: 'card' }, h('h2', {}, 'Find the wallet'), findForm, findStatus, walletCard),
    h('div', { class: 'grid two' }, topUpForm, writeOffForm),
    h('section', { class: 'card' }, h('div', { class: 'row' }, h('h2', {}, 'Last 24 hours'), h('span', { class: 'spacer' }), feedStatus), recentTable),
  );
  setFormsEnabled(false);

  const { recentTransactions } = await request(RecentTransactions, { first: 50 });
  recentTransactions.edges.forEach((e) => seen.add(e.node.id));
  clear(recentBody, txRows(recentTransactions.edges, { showWallet: true, testid: 'recent-row' }));
  const stopFeed = subscribe(TransactionFeed, {}, {
    next: ({ transactionFeed: t }) => {
      feedStatus.textContent = 'live';
      if (seen.has(t.id)) return;
      seen.add(t.id);
      recentBody.prepend(...txRows([{ node: t }], { showWallet: true, testid: 'recent-row' }));
    },
    error: (e) => (feedStatus.textContent = errorText(e)),
    complete: () => (feedStatus.textContent = 'feed ended'),
  });
  feedStatus.textContent = 'live';
  cleanup.push(stopFeed);
}

// ---- admin: cashiers -------------------------------------------------------------------------
async function adminCashiersPage(el) {
  const listBody = h('tbody', { testid: 'cashier-list' });
  const results = h('tbody', { testid: 'user-results' });
  const msg = status('cashiers-status');
  let cashierIds = new Set();

  async function loadCashiers() {
    const { cashiers } = await request(Cashiers);
    cashierIds = new Set(cashiers.map((c) => c.user.id));
    clear(
      listBody,
      cashiers.length
        ? cashiers.map((c) =>
            h('tr', { testid: 'cashier-row', dataset: { userId: c.user.id } },
              h('td', {}, c.user.name), h('td', {}, c.user.email),
              h('td', { class: 'muted' }, c.addedBy ? `${c.addedBy.name}, ` : 'command line, ', formatDateTime(c.addedAt)),
              h('td', {}, h('button', { type: 'button', class: 'danger small', testid: `cashier-remove-${c.user.id}`, onclick: () => act(() => request(RemoveCashier, { userId: c.user.id }), `${c.user.name} is no longer a cashier.`) }, 'Remove'))))
        : h('tr', {}, h('td', { colspan: 4, class: 'muted' }, 'No cashiers yet.')),
    );
  }
  async function search(q) {
    const { users } = await request(Users, { search: q || null, first: 20 });
    clear(
      results,
      users.edges.length
        ? users.edges.map(({ node: u }) =>
            h('tr', { testid: 'user-row', dataset: { userId: u.id } },
              h('td', {}, u.name), h('td', {}, u.email), h('td', {}, u.roles.join(', ')),
              h('td', {}, cashierIds.has(u.id)
                ? h('span', { class: 'badge' }, 'Cashier')
                : h('button', { type: 'button', class: 'small', testid: `make-cashier-${u.id}`, onclick: () => act(() => request(AddCashier, { userId: u.id }), `${u.name} is now a cashier.`) }, 'Make cashier'))))
        : h('tr', {}, h('td', { colspan: 4, class: 'muted' }, 'Nobody matches.')),
    );
  }
  let lastSearch = '';
  async function act(fn, okText) {
    try {
      await fn();
      showStatus(msg, okText, 'ok');
      await loadCashiers();
      await search(lastSearch);
    } catch (e) {
      showStatus(msg, errorText(e), 'error');
    }
  }
  const searchForm = h('form', { class: 'row', onsubmit: (ev) => { ev.preventDefault(); lastSearch = formValues(ev.target).q; search(lastSearch).catch((e) => showStatus(msg, errorText(e), 'error')); } },
    h('input', { name: 'q', testid: 'user-search', placeholder: 'name or email' }),
    h('button', { type: 'submit', testid: 'user-search-submit' }, 'Search'));
  const createStatus = status('new-user-status');
  const createForm = h('form', {
      class: 'card', testid: 'new-user-form',
      onsubmit: async (ev) => {
        ev.preventDefault();
        const v = formValues(ev.target);
        try {
          const { createUser } = await request(CreateUser, { input: { email: v.email, name: v.name, password: v.password } });
          ev.target.reset();
          showStatus(createStatus, `Created ${createUser.name} (wallet ${formatWalletNumber(createUser.wallet.number)}).`, 'ok');
          lastSearch = createUser.email;
          await search(lastSearch);
        } catch (e) {
          showStatus(createStatus, errorText(e), 'error');
        }
      },
    },
    h('h2', {}, 'Create a user'),
    h('label', {}, 'Name', h('input', { name: 'name', required: true, testid: 'new-user-name' })),
    h('label', {}, 'Email', h('input', { name: 'email', type: 'email', required: true, testid: 'new-user-email' })),
    h('label', {}, 'Initial password', h('input', { name: 'password', type: 'password', required: true, minlength: 8, testid: 'new-user-password', autocomplete: 'new-password' })),
    h('button', { type: 'submit', testid: 'new-user-submit' }, 'Create user'),
    createStatus);

  clear(
    el,
    h('h1', {}, 'Cashiers'),
    msg,
    h('section', { class: 'card' }, h('h2', {}, 'Current cashiers'), h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Email'), h('th', {}, 'Added by'), h('th', {}))), listBody)),
    h('div', { class: 'grid two' },
      h('section', { class: 'card' }, h('h2', {}, 'Find a user'), searchForm, h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Email'), h('th', {}, 'Roles'), h('th', {}))), results)),
      createForm),
  );
  await loadCashiers();
  await search('');
}

// ---- admin: payment systems -----------------------------------------------------------------
const PROVIDERS = ['YOOMONEY', 'QIWI', 'PAYMASTER', 'MYKASSA', 'ROBOKASSA', 'OTHER'];
async function adminPaymentSystemsPage(el) {
  const body = h('tbody', { testid: 'ps-list' });
  const msg = status('ps-status');
  async function load() {
    const { paymentSystems } = await request(PaymentSystems);
    clear(
      body,
      paymentSystems.length
        ? paymentSystems.map((p) =>
            h('tr', { testid: 'ps-row', dataset: { id: p.id, enabled: String(p.enabled) } },
              h('td', {}, p.name), h('td', {}, p.provider), h('td', { class: 'mono' }, p.merchantId ?? '—'),
              h('td', {}, p.hasSecret ? 'stored' : '—'),
              h('td', {}, h('span', { class: `badge ${p.enabled ? 'on' : 'off'}` }, p.enabled ? 'enabled' : 'disabled')),
              h('td', {}, h('button', {
                type: 'button', class: 'small secondary', testid: `ps-toggle-${p.id}`,
                onclick: async () => {
                  try {
                    await request(UpdatePaymentSystemBinding, { id: p.id, input: { enabled: !p.enabled } });
                    showStatus(msg, `${p.name} is now ${p.enabled ? 'disabled' : 'enabled'}.`, 'ok');
                    await load();
                  } catch (e) {
                    showStatus(msg, errorText(e), 'error');
                  }
                },
              }, p.enabled ? 'Disable' : 'Enable'))))
        : h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'No payment system is connected: customers cannot top up yet.')),
    );
  }
  const form = h('form', {
      class: 'card', testid: 'ps-form',
      onsubmit: async (ev) => {
        ev.preventDefault();
        const v = formValues(ev.target);
        try {
          const { createPaymentSystemBinding: b } = await request(CreatePaymentSystemBinding, {
            input: { provider: v.provider, name: v.name, merchantId: v.merchantId || null, secret: v.secret || null, enabled: v.enabled },
          });
          ev.target.reset();
          showStatus(msg, `Connected ${b.name}.`, 'ok');
          await load();
        } catch (e) {
          showStatus(msg, errorText(e), 'error');
        }
      },
    },
    h('h2', {}, 'Connect a payment system'),
    h('label', {}, 'Provider', h('select', { name: 'provider', testid: 'ps-provider' }, PROVIDERS.map((p) => h('option', { value: p }, p)))),
    h('label', {}, 'Name shown to customers', h('input', { name: 'name', required: true, testid: 'ps-name', placeholder: 'Robokassa (main shop)' })),
    h('label', {}, 'Merchant id', h('input', { name: 'merchantId', testid: 'ps-merchant', autocomplete: 'off' })),
    h('label', {}, 'Secret (write-only)', h('input', { name: 'secret', type: 'password', testid: 'ps-secret', autocomplete: 'new-password' })),
    h('label', { class: 'check' }, h('input', { name: 'enabled', type: 'checkbox', checked: true, testid: 'ps-enabled' }), 'Enabled'),
    h('button', { type: 'submit', testid: 'ps-create' }, 'Connect'));
  clear(
    el,
    h('h1', {}, 'Payment systems'),
    msg,
    h('section', { class: 'card' }, h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Provider'), h('th', {}, 'Merchant id'), h('th', {}, 'Secret'), h('th', {}, 'State'), h('th', {}))), body)),
    form,
  );
  await load();
}

// ---- start ---------------------------------------------------------------------------------
window.addEventListener('hashchange', route);
(async () => {
  try {
    await loadMe();
  } catch (e) {
    clear($page, h('p', { class: 'error', testid: 'page-error' }, `Cannot reach Kassa at ${endpoints.http}: ${errorText(e)}`));
    return;
  }
  if (me) startBalanceWidget();
  if (!location.hash) location.hash = me ? '#/wallet' : '#/login';
  else route();
})();
