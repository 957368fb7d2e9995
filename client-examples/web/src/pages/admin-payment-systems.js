// #/admin/payment-systems: the connected payment systems (enable or disable each) and a
// form to connect a new one; the secret is write-only.
import { request, errorText } from '../api.js';
import { h, clear, formValues, status, showStatus } from '../dom.js';

import PaymentSystems from '../../../operations/queries/PaymentSystems.graphql';
import CreatePaymentSystemBinding from '../../../operations/mutations/CreatePaymentSystemBinding.graphql';
import UpdatePaymentSystemBinding from '../../../operations/mutations/UpdatePaymentSystemBinding.graphql';

const PROVIDERS = ['YOOMONEY', 'QIWI', 'PAYMASTER', 'MYKASSA', 'ROBOKASSA', 'OTHER'];
export async function adminPaymentSystemsPage(el) {
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
