// #/admin/payment-systems: the connected payment systems with their online-payment
// settings (the notification URL to enter in the payment system's settings, with a copy
// button; whether it takes online payments; hash algorithm, test mode, which secrets are
// stored), enable/disable and edit each, and a form to connect a new one (ps-form.js).
import { request, ApiError, errorText } from '../api.js';
import { h, clear, status, showStatus } from '../dom.js';
import { t } from '../i18n.js';
import { psForm } from './ps-form.js';

import PaymentSystems from '../../../operations/queries/PaymentSystems.graphql';
import OnlinePaymentSystems from '../ops/OnlinePaymentSystems.graphql';
import UpdatePaymentSystemBinding from '../../../operations/mutations/UpdatePaymentSystemBinding.graphql';

/** The systems with their online fields, or (an older server) without: {list, online}. */
async function loadSystems() {
  try {
    return { list: (await request(OnlinePaymentSystems)).paymentSystems, online: true };
  } catch (e) {
    if (!(e instanceof ApiError && e.codes.includes('GRAPHQL_VALIDATION_FAILED'))) throw e;
    return { list: (await request(PaymentSystems)).paymentSystems, online: false };
  }
}

/** Copies text to the clipboard (a textarea and execCommand where the API is missing). */
export async function copyText(text) {
  if (navigator.clipboard?.writeText) {
    try {
      return await navigator.clipboard.writeText(text);
    } catch {
      /* not allowed here: the old way below */
    }
  }
  const area = h('textarea', { class: 'offscreen', readonly: true }, text);
  document.body.append(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

export async function adminPaymentSystemsPage(el) {
  const body = h('tbody', { testid: 'ps-list' });
  const msg = status('ps-status');
  const editSlot = h('div', { testid: 'ps-edit-slot' });
  let online = true;

  const yesNo = (v) => (v == null ? '—' : t(v ? 'common.yes' : 'common.no'));
  function row(p) {
    const copy = p.notificationUrl
      ? h('button', {
          type: 'button', class: 'small secondary', testid: `ps-copy-${p.id}`, title: p.notificationUrl,
          onclick: async () => {
            try {
              await copyText(p.notificationUrl);
              showStatus(msg, t('ps.copied', { name: p.name }), 'ok');
            } catch {
              showStatus(msg, t('ps.copyFailed'), 'error');
            }
          },
        }, t('action.copy'))
      : null;
    return h('tr', { testid: 'ps-row', dataset: { id: p.id, enabled: String(p.enabled), online: String(!!p.acceptsOnlinePayments) } },
      h('td', {}, h('strong', {}, p.name), h('div', { class: 'muted small' }, p.provider)),
      h('td', { class: 'mono' }, p.merchantId ?? '—'),
      online ? h('td', { class: 'url' }, p.notificationUrl ? h('code', { testid: `ps-notification-url-${p.id}` }, p.notificationUrl) : '—', ' ', copy) : null,
      online ? h('td', { testid: `ps-online-${p.id}` }, yesNo(p.acceptsOnlinePayments)) : null,
      online ? h('td', {}, p.hashAlgorithm ?? '—') : null,
      online ? h('td', {}, yesNo(p.testMode)) : null,
      h('td', { class: 'small' },
        h('div', {}, `${t('ps.secretShort')}: ${p.hasSecret ? t('ps.stored') : '—'}`),
        online ? h('div', {}, `${t('ps.paymentSecretShort')}: ${p.hasPaymentSecret ? t('ps.stored') : '—'}`) : null),
      h('td', {}, h('span', { class: `badge ${p.enabled ? 'on' : 'off'}` }, t(p.enabled ? 'ps.on' : 'ps.off'))),
      h('td', { class: 'nowrap' },
        h('button', {
          type: 'button', class: 'small secondary', testid: `ps-toggle-${p.id}`,
          onclick: async () => {
            try {
              await request(UpdatePaymentSystemBinding, { id: p.id, input: { enabled: !p.enabled } });
              showStatus(msg, t(p.enabled ? 'ps.nowOff' : 'ps.nowOn', { name: p.name }), 'ok');
              await load();
            } catch (e) {
              showStatus(msg, errorText(e), 'error');
            }
          },
        }, t(p.enabled ? 'ps.disable' : 'ps.enable')),
        ' ',
        h('button', { type: 'button', class: 'small secondary', testid: `ps-edit-${p.id}`, onclick: () => edit(p) }, t('action.edit'))));
  }
  function edit(p) {
    clear(editSlot, psForm({ editing: p, online, onDone: async () => (clear(editSlot), await load()), onCancel: () => clear(editSlot) }));
    editSlot.scrollIntoView?.({ block: 'nearest' });
  }
  const head = h('thead');
  async function load() {
    const got = await loadSystems();
    online = got.online;
    const cols = [t('field.name'), t('ps.merchantId'), online && t('ps.notificationUrl'), online && t('ps.online'), online && t('ps.hashAlgorithm'), online && t('ps.testModeShort'), t('ps.secrets'), t('ps.state'), ''].filter((c) => c !== false);
    clear(head, h('tr', {}, cols.map((c) => h('th', {}, c))));
    clear(body, got.list.length ? got.list.map(row) : h('tr', {}, h('td', { colspan: cols.length, class: 'muted' }, t('ps.none'))));
  }
  await load();
  clear(
    el,
    h('h1', {}, t('nav.paymentSystems')),
    msg,
    h('section', { class: 'card scroll' }, h('table', {}, head, body)),
    editSlot,
    psForm({ online, onDone: load }),
  );
}
