// Table rows for a list of transactions (a TransactionConnection's edges), shared by the
// wallet's history and the cashier's live feed of the last 24 hours.
import { h } from './dom.js';
import { formatMoney, formatWalletNumber, formatDateTime, kindLabel, KIND_SIGN } from './format.js';
import { t as tr } from './i18n.js';

export function txRows(edges, { showWallet = false, testid = 'history-row' } = {}) {
  return edges.map(({ node: t }) =>
    h(
      'tr',
      { testid, dataset: { id: t.id, kind: t.kind } },
      h('td', { class: 'nowrap' }, formatDateTime(t.createdAt)),
      showWallet ? h('td', { class: 'mono nowrap' }, formatWalletNumber(t.wallet?.number)) : null,
      h('td', {}, h('span', { class: `kind ${t.kind}` }, kindLabel(t.kind))),
      h('td', { class: `num ${KIND_SIGN[t.kind] === '+' ? 'plus' : 'minus'}` }, `${KIND_SIGN[t.kind] || ''}${formatMoney(t.amount, t.wallet?.currency)}`),
      h('td', { class: 'num' }, formatMoney(t.balanceAfter, t.wallet?.currency)),
      h('td', { class: 'details' }, [t.paymentSystem?.name, t.invoice ? tr('tx.invoice', { number: t.invoice.number }) : null, t.reference, t.comment, t.performedBy && !showWallet ? tr('tx.by', { name: t.performedBy.name }) : null].filter(Boolean).join(' · ')),
    ),
  );
}
