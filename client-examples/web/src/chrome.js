// The top bar's menu and account: the links to the pages this user may open (the current
// one marked active), the language switch (remembered, see i18n.js) and, when signed in,
// the user's name and a sign-out button. The balance in the same bar is widget.js.
import { h, clear } from './dom.js';
import { currentUser, hasRole, signOut } from './session.js';
import { t, lang, setLang, LANGS, locale } from './i18n.js';

const $nav = document.getElementById('nav');
const $account = document.getElementById('account');

export function renderChrome() {
  const me = currentUser();
  const links = [];
  if (me) {
    links.push(['#/wallet', t('nav.wallet'), 'nav-wallet']);
    if (hasRole('CASHIER') || hasRole('ADMIN')) links.push(['#/cashier', t('nav.cashier'), 'nav-cashier']);
    if (hasRole('ADMIN')) {
      links.push(['#/admin/cashiers', t('nav.cashiers'), 'nav-admin-cashiers']);
      links.push(['#/admin/payment-systems', t('nav.paymentSystems'), 'nav-admin-payment-systems']);
      links.push(['#/admin/audit', t('nav.audit'), 'nav-admin-audit']);
      links.push(['#/admin/report', t('nav.report'), 'nav-admin-report']);
      links.push(['#/admin/portal', t('nav.portal'), 'nav-admin-portal']);
    }
  }
  document.documentElement.lang = lang();
  document.title = t('app.title');
  const route = location.hash.split('?')[0];
  clear($nav, links.map(([href, label, testid]) => h('a', { href, testid, class: route === href ? 'active' : null }, label)));
  const switcher = h(
    'span',
    { class: 'lang', testid: 'lang-switch', role: 'group', 'aria-label': t('nav.language') },
    LANGS.map((l) =>
      h('button', { type: 'button', class: `link${l === lang() ? ' active' : ''}`, testid: `lang-${l}`, lang: locale(l), 'aria-pressed': String(l === lang()), onclick: () => setLang(l) }, t(`lang.${l}`, {}, l)),
    ),
  );
  clear(
    $account,
    switcher,
    me
      ? [h('span', { class: 'who', testid: 'account-name', title: me.email }, me.name), h('button', { type: 'button', class: 'link', testid: 'signout', onclick: signOut }, t('nav.signOut'))]
      : [],
  );
}
