// Table rows for a list of transactions (a TransactionConnection's edges), shared by the
// wallet's history and the cashier's live feed of the last 24 hours.
import { h } from './dom.js';
import { formatMoney, formatWalletNumber, formatDateTime, kindLabel, KIND_SIGN } from './format.js';
import { t } from './i18n.js';

export function txRows(edges, { showWallet = false, testid = 'history-row', currency = 'RUB' } = {}) {
  return edges.map(({ node: tx }) =>
    h(
      'tr',
      { testid, dataset: { id: tx.id, kind: tx.kind } },
      h('td', { class: 'nowrap' }, formatDateTime(tx.createdAt)),
      showWallet ? h('td', { class: 'mono nowrap' }, formatWalletNumber(tx.wallet?.number)) : null,
      h('td', {}, h('span', { class: `kind ${tx.kind}` }, kindLabel(tx.kind))),
      h('td', { class: `num ${KIND_SIGN[tx.kind] === '+' ? 'plus' : 'minus'}` }, `${KIND_SIGN[tx.kind] || ''}${formatMoney(tx.amount, tx.wallet?.currency || currency)}`),
      h('td', { class: 'num' }, formatMoney(tx.balanceAfter, tx.wallet?.currency || currency)),
      h('td', { class: 'details' }, [tx.paymentSystem?.name, tx.invoice ? t('tx.invoice', { number: tx.invoice.number }) : null, tx.reference, tx.comment, tx.performedBy && !showWallet ? t('tx.by', { name: tx.performedBy.name }) : null].filter(Boolean).join(' · ')),
    ),
  );
}
