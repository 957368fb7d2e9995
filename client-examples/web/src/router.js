// The hash router: #/login, #/wallet, #/cashier, #/admin/cashiers, #/admin/payment-systems,
// #/admin/audit, #/admin/report, #/admin/portal. A route may carry parameters after '?' (#/wallet?invoice=ID).
// Signed out, every page leads to #/login; signed in, #/login leads to #/wallet. Each visit
// renders into a fresh container and gets a Cleanup for what the page starts.
import { errorText } from './api.js';
import { h, clear } from './dom.js';
import { currentUser } from './session.js';
import { renderChrome } from './chrome.js';
import { loginPage } from './pages/login.js';
import { walletPage } from './pages/wallet.js';
import { cashierPage } from './pages/cashier.js';
import { adminCashiersPage } from './pages/admin-cashiers.js';
import { adminPaymentSystemsPage } from './pages/admin-payment-systems.js';
import { adminAuditPage } from './pages/admin-audit.js';
import { adminReportPage } from './pages/admin-report.js';
import { adminPortalPage } from './pages/admin-portal.js';
import { t } from './i18n.js';

const $page = document.getElementById('page');

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

const routes = {
  '#/login': loginPage,
  '#/wallet': walletPage,
  '#/cashier': cashierPage,
  '#/admin/cashiers': adminCashiersPage,
  '#/admin/payment-systems': adminPaymentSystemsPage,
  '#/admin/audit': adminAuditPage,
  '#/admin/report': adminReportPage,
  '#/admin/portal': adminPortalPage,
};

export async function route() {
  pageCleanup.dispose();
  pageCleanup = new Cleanup();
  const path = location.hash.split('?')[0] || '#/wallet';
  const me = currentUser();
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
  clear(el, h('h1', {}, t('notFound.title')), h('p', {}, h('a', { href: '#/wallet' }, t('notFound.back'))));
}
