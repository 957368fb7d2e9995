// #/admin/cashiers: the current cashiers (remove one), a user search (make one a cashier)
// and a form to create a user.
import { request, errorText } from '../api.js';
import { h, clear, formValues, status, showStatus } from '../dom.js';
import { formatWalletNumber, formatDateTime } from '../format.js';

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
