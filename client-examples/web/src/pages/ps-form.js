// The admin's payment-system form: connect a new one, or edit one (the same fields). Both
// secrets are write-only: the fields start empty, an empty one leaves the stored secret as
// it is, and nothing typed is ever shown back.
import { h, formValues, status, showStatus } from '../dom.js';
import { request, errorText } from '../api.js';
import { t } from '../i18n.js';

import CreatePaymentSystemBinding from '../../../operations/mutations/CreatePaymentSystemBinding.graphql';
import UpdatePaymentSystemBinding from '../../../operations/mutations/UpdatePaymentSystemBinding.graphql';

const PROVIDERS = ['YOOMONEY', 'QIWI', 'PAYMASTER', 'MYKASSA', 'ROBOKASSA', 'OTHER'];
const HASHES = ['MD5', 'SHA1', 'SHA256', 'SHA384', 'SHA512'];

/**
 * psForm({editing, online, onDone}) -> a form element. `editing` is a binding to update
 * (null: connect a new one); `online` says whether the server has the online-payment
 * fields (older servers do not).
 */
export function psForm({ editing = null, online = true, onDone, onCancel }) {
  const msg = status(editing ? 'ps-edit-status' : 'ps-form-status');
  const form = h(
    'form',
    {
      class: 'card',
      testid: editing ? 'ps-edit-form' : 'ps-form',
      onsubmit: async (ev) => {
        ev.preventDefault();
        const v = formValues(ev.target);
        const extra = online ? { paymentSecret: v.paymentSecret || null, hashAlgorithm: v.hashAlgorithm || null, testMode: v.testMode } : {};
        try {
          if (editing) {
            const input = { name: v.name || null, merchantId: v.merchantId || null, secret: v.secret || null, ...extra };
            await request(UpdatePaymentSystemBinding, { id: editing.id, input });
            showStatus(msg, t('ps.updated', { name: v.name || editing.name }), 'ok');
          } else {
            const input = { provider: v.provider, name: v.name, merchantId: v.merchantId || null, secret: v.secret || null, enabled: v.enabled, ...extra };
            await request(CreatePaymentSystemBinding, { input });
            ev.target.reset();
            showStatus(msg, t('ps.connected', { name: v.name }), 'ok');
          }
          // Typed secrets leave the page as soon as they are sent.
          for (const name of ['secret', 'paymentSecret']) if (ev.target.elements[name]) ev.target.elements[name].value = '';
          await onDone?.();
        } catch (e) {
          showStatus(msg, errorText(e), 'error');
        }
      },
    },
    h('h2', {}, editing ? t('ps.editTitle', { name: editing.name }) : t('ps.connectTitle')),
    editing
      ? h('p', { class: 'muted small' }, t('ps.provider'), ': ', h('strong', {}, editing.provider))
      : h('label', {}, t('ps.provider'), h('select', { name: 'provider', testid: 'ps-provider' }, PROVIDERS.map((p) => h('option', { value: p }, p)))),
    h('label', {}, t('ps.nameShown'), h('input', { name: 'name', required: !editing, testid: 'ps-name', value: editing?.name, placeholder: 'Robokassa' })),
    h('label', {}, t('ps.merchantId'), h('input', { name: 'merchantId', testid: 'ps-merchant', autocomplete: 'off', value: editing?.merchantId })),
    h('label', {}, t(editing ? 'ps.secretKeep' : 'ps.secret'), h('input', { name: 'secret', type: 'password', testid: 'ps-secret', autocomplete: 'new-password' })),
    online ? h('label', {}, t(editing ? 'ps.paymentSecretKeep' : 'ps.paymentSecret'), h('input', { name: 'paymentSecret', type: 'password', testid: 'ps-payment-secret', autocomplete: 'new-password' })) : null,
    online
      ? h('label', {}, t('ps.hashAlgorithm'), h('select', { name: 'hashAlgorithm', testid: 'ps-hash' }, HASHES.map((a) => h('option', { value: a, selected: (editing?.hashAlgorithm || 'MD5') === a }, a))))
      : null,
    online ? h('label', { class: 'check' }, h('input', { name: 'testMode', type: 'checkbox', checked: !!editing?.testMode, testid: 'ps-test-mode' }), t('ps.testMode')) : null,
    editing ? null : h('label', { class: 'check' }, h('input', { name: 'enabled', type: 'checkbox', checked: true, testid: 'ps-enabled' }), t('ps.enabled')),
    h('p', { class: 'muted small' }, t('ps.secretsHelp')),
    h('div', { class: 'row' },
      h('button', { type: 'submit', testid: editing ? 'ps-save' : 'ps-create' }, editing ? t('action.save') : t('ps.connect')),
      editing ? h('button', { type: 'button', class: 'secondary', testid: 'ps-cancel', onclick: () => onCancel?.() }, t('action.cancel')) : null),
    msg,
  );
  return form;
}
