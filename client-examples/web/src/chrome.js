// The top bar's menu and account: the links to the pages this user may open (the current
// one marked active) and, when signed in, the user's name and a sign-out button. The
// balance in the same bar is widget.js.
import { h, clear } from './dom.js';
import { currentUser, hasRole, signOut } from './session.js';

const $nav = document.getElementById('nav');
const $account = document.getElementById('account');

export function renderChrome() {
  const me = currentUser();
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
