// Kassa web app: hash-routed pages over the Kassa GraphQL API. This entry point wires the
// parts together and starts:
//   api.js      POST /graphql, the graphql-ws socket, the session token
//   session.js  the signed-in user; sign-in and sign-out
//   widget.js   the top-menu balance, live over myBalance
//   chrome.js   the top-menu links and account
//   router.js   the hash routes -> pages/*.js
import './style.css';
import { endpoints, errorText } from './api.js';
import { h, clear } from './dom.js';
import { currentUser, loadMe, onSessionChange } from './session.js';
import { startBalanceWidget, stopBalanceWidget } from './widget.js';
import { renderChrome } from './chrome.js';
import { route } from './router.js';
import { onLangChange, t } from './i18n.js';

// Signed in: the widget goes live and the user lands on their wallet. Signed out (or the
// session expired): the widget and the menu empty and every page leads to #/login.
onSessionChange((user) => {
  if (user) {
    startBalanceWidget();
    location.hash = '#/wallet';
  } else {
    stopBalanceWidget();
    renderChrome();
    if (location.hash !== '#/login') location.hash = '#/login';
  }
});

window.addEventListener('hashchange', route);
// A new language re-renders the menu and the page in it (the widget follows by itself).
onLangChange(() => route());
(async () => {
  try {
    await loadMe();
  } catch (e) {
    clear(document.getElementById('page'), h('p', { class: 'error', testid: 'page-error' }, t('app.unreachable', { url: endpoints.http, error: errorText(e) })));
    return;
  }
  if (currentUser()) startBalanceWidget();
  if (!location.hash) location.hash = currentUser() ? '#/wallet' : '#/login';
  else route();
})();
