// #/admin/cashiers: the current cashiers (remove one), a user search (make one a cashier)
// and a form to create a user.
import { request, errorText } from '../api.js';
import { h, clear, formValues, status, showStatus } from '../dom.js';
import { formatWalletNumber, formatDateTime } from '../format.js';
import { t } from '../i18n.js';

import Users from '../../../operations/queries/Users.graphql';
import Cashiers from '../../../operations/queries/Cashiers.graphql';
import CreateUser from '../../../operations/mutations/CreateUser.graphql';
import AddCashier from '../../../operations/mutations/AddCashier.graphql';
import RemoveCashier from '../../../operations/mutations/RemoveCashier.graphql';

export async function adminCashiersPage(el) {
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
              h('td', { class: 'muted' }, c.addedBy ? `${c.addedBy.name}, ` : `${t('cashiers.commandLine')}, `, formatDateTime(c.addedAt)),
              h('td', {}, h('button', { type: 'button', class: 'danger small', testid: `cashier-remove-${c.user.id}`, onclick: () => act(() => request(RemoveCashier, { userId: c.user.id }), t('cashiers.removed', { name: c.user.name })) }, t('action.remove')))))
        : h('tr', {}, h('td', { colspan: 4, class: 'muted' }, t('cashiers.none'))),
    );
  }
  async function search(q) {
    const { users } = await request(Users, { search: q || null, first: 20 });
    clear(
      results,
      users.edges.length
        ? users.edges.map(({ node: u }) =>
            h('tr', { testid: 'user-row', dataset: { userId: u.id } },
              h('td', {}, u.name), h('td', {}, u.email), h('td', {}, u.roles.map((r) => t(`role.${r}`)).join(', ')),
              h('td', {}, cashierIds.has(u.id)
                ? h('span', { class: 'badge' }, t('role.CASHIER'))
                : h('button', { type: 'button', class: 'small', testid: `make-cashier-${u.id}`, onclick: () => act(() => request(AddCashier, { userId: u.id }), t('cashiers.added', { name: u.name })) }, t('cashiers.make')))))
        : h('tr', {}, h('td', { colspan: 4, class: 'muted' }, t('cashiers.nobody'))),
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
    h('input', { name: 'q', testid: 'user-search', placeholder: t('cashiers.searchPlaceholder') }),
    h('button', { type: 'submit', testid: 'user-search-submit' }, t('action.search')));
  const createStatus = status('new-user-status');
  const createForm = h('form', {
      class: 'card', testid: 'new-user-form',
      onsubmit: async (ev) => {
        ev.preventDefault();
        const v = formValues(ev.target);
        try {
          const { createUser } = await request(CreateUser, { input: { email: v.email, name: v.name, password: v.password } });
          ev.target.reset();
          showStatus(createStatus, t('cashiers.created', { name: createUser.name, number: formatWalletNumber(createUser.wallet.number) }), 'ok');
          lastSearch = createUser.email;
          await search(lastSearch);
        } catch (e) {
          showStatus(createStatus, errorText(e), 'error');
        }
      },
    },
    h('h2', {}, t('cashiers.createUser')),
    h('label', {}, t('field.name'), h('input', { name: 'name', required: true, testid: 'new-user-name' })),
    h('label', {}, t('field.email'), h('input', { name: 'email', type: 'email', required: true, testid: 'new-user-email' })),
    h('label', {}, t('field.initialPassword'), h('input', { name: 'password', type: 'password', required: true, minlength: 8, testid: 'new-user-password', autocomplete: 'new-password' })),
    h('button', { type: 'submit', testid: 'new-user-submit' }, t('cashiers.createUserSubmit')),
    createStatus);

  clear(
    el,
    h('h1', {}, t('nav.cashiers')),
    msg,
    h('section', { class: 'card' }, h('h2', {}, t('cashiers.current')), h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, t('field.name')), h('th', {}, t('field.email')), h('th', {}, t('cashiers.addedBy')), h('th', {}))), listBody)),
    h('div', { class: 'grid two' },
      h('section', { class: 'card' }, h('h2', {}, t('cashiers.find')), searchForm, h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, t('field.name')), h('th', {}, t('field.email')), h('th', {}, t('cashiers.roles')), h('th', {}))), results)),
      createForm),
  );
  await loadCashiers();
  await search('');
}
