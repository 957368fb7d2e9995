// #/admin/portal: what the portal's back end uses. API keys (create one: its secret is
// shown once; revoke one: refused at once everywhere) and webhook endpoints (register one:
// its signing secret is shown once; delete one; its last delivery attempts).
import { request, errorText } from '../api.js';
import { h, clear, formValues, status, showStatus } from '../dom.js';
import { formatDateTime } from '../format.js';
import { t } from '../i18n.js';
import { deliveryLog } from './webhook-log.js';

import ApiKeys from '../ops/ApiKeys.graphql';
import CreateApiKey from '../ops/CreateApiKey.graphql';
import RevokeApiKey from '../ops/RevokeApiKey.graphql';
import WebhookEndpoints from '../ops/WebhookEndpoints.graphql';
import CreateWebhookEndpoint from '../ops/CreateWebhookEndpoint.graphql';
import DeleteWebhookEndpoint from '../ops/DeleteWebhookEndpoint.graphql';

const SCOPES = ['PAYMENTS_READ', 'PAYMENTS_WRITE'];
const EVENTS = ['TRANSACTION_CREATED', 'HOLD_CREATED', 'HOLD_CAPTURED', 'HOLD_VOIDED', 'HOLD_EXPIRED', 'INVOICE_PAID'];

/** A secret shown once, with the warning that it will not be shown again. */
const shownOnce = (testid, secret) =>
  h('div', { class: 'once', testid }, h('p', {}, t('portal.shownOnce')), h('code', { testid: `${testid}-value` }, secret));

export async function adminPortalPage(el) {
  const msg = status('portal-status');
  const keys = h('tbody', { testid: 'api-key-list' });
  const endpoints = h('tbody', { testid: 'webhook-list' });
  const keySecret = h('div');
  const hookSecret = h('div');
  const log = h('div', { testid: 'webhook-log' });

  async function act(fn, okText) {
    try {
      await fn();
      showStatus(msg, okText, 'ok');
      await load();
    } catch (e) {
      showStatus(msg, errorText(e), 'error');
    }
  }

  async function load() {
    const [{ apiKeys }, { webhookEndpoints }] = await Promise.all([request(ApiKeys), request(WebhookEndpoints)]);
    clear(
      keys,
      apiKeys.length
        ? apiKeys.map((k) =>
            h('tr', { testid: 'api-key-row', dataset: { keyId: k.id, revoked: String(!!k.revokedAt) } },
              h('td', {}, k.name), h('td', {}, h('code', {}, `${k.prefix}…`)), h('td', {}, k.scopes.join(', ')),
              h('td', { class: 'muted' }, formatDateTime(k.createdAt)),
              h('td', { class: 'muted', testid: 'api-key-used' }, k.lastUsedAt ? formatDateTime(k.lastUsedAt) : t('portal.never')),
              h('td', {}, k.revokedAt
                ? h('span', { class: 'badge' }, t('portal.revoked'))
                : h('button', { type: 'button', class: 'danger small', testid: `api-key-revoke-${k.id}`, onclick: () => act(() => request(RevokeApiKey, { id: k.id }), t('portal.keyRevoked', { name: k.name })) }, t('portal.revoke')))))
        : h('tr', {}, h('td', { colspan: 6, class: 'muted' }, t('portal.noKeys'))),
    );
    clear(
      endpoints,
      webhookEndpoints.length
        ? webhookEndpoints.map((w) =>
            h('tr', { testid: 'webhook-row', dataset: { endpointId: w.id } },
              h('td', {}, h('code', {}, w.url)), h('td', {}, w.events.join(', ')), h('td', { class: 'muted' }, formatDateTime(w.createdAt)),
              h('td', {},
                h('button', { type: 'button', class: 'small', testid: `webhook-log-${w.id}`, onclick: () => deliveryLog(log, w).catch((e) => showStatus(msg, errorText(e), 'error')) }, t('portal.deliveries')),
                ' ',
                h('button', { type: 'button', class: 'danger small', testid: `webhook-delete-${w.id}`, onclick: () => act(() => request(DeleteWebhookEndpoint, { id: w.id }), t('portal.endpointDeleted')) }, t('action.remove')))))
        : h('tr', {}, h('td', { colspan: 4, class: 'muted' }, t('portal.noEndpoints'))),
    );
  }

  const keyForm = h('form', {
      class: 'card', testid: 'api-key-form',
      onsubmit: async (ev) => {
        ev.preventDefault();
        const v = formValues(ev.target);
        const scopes = SCOPES.filter((s) => ev.target.elements[`scope-${s}`].checked);
        await act(async () => {
          const { createApiKey } = await request(CreateApiKey, { input: { name: v.name, scopes } });
          ev.target.reset();
          clear(keySecret, shownOnce('api-key-secret', createApiKey.secret));
        }, t('portal.keyCreated', { name: v.name }));
      },
    },
    h('h2', {}, t('portal.newKey')),
    h('label', {}, t('field.name'), h('input', { name: 'name', required: true, maxlength: 100, testid: 'api-key-name' })),
    SCOPES.map((s) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: `scope-${s}`, testid: `api-key-scope-${s}` }), t(`portal.scope.${s}`))),
    h('button', { type: 'submit', testid: 'api-key-submit' }, t('portal.createKey')),
    keySecret);

  const hookForm = h('form', {
      class: 'card', testid: 'webhook-form',
      onsubmit: async (ev) => {
        ev.preventDefault();
        const v = formValues(ev.target);
        const events = EVENTS.filter((e) => ev.target.elements[`event-${e}`].checked);
        await act(async () => {
          const { createWebhookEndpoint } = await request(CreateWebhookEndpoint, { input: { url: v.url, events } });
          ev.target.reset();
          clear(hookSecret, shownOnce('webhook-secret', createWebhookEndpoint.signingSecret));
        }, t('portal.endpointCreated'));
      },
    },
    h('h2', {}, t('portal.newEndpoint')),
    h('label', {}, t('portal.url'), h('input', { name: 'url', type: 'url', required: true, placeholder: 'https://portal.example/webhooks/kassa', testid: 'webhook-url' })),
    EVENTS.map((e) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: `event-${e}`, testid: `webhook-event-${e}` }), e.toLowerCase().replace('_', '.'))),
    h('button', { type: 'submit', testid: 'webhook-submit' }, t('portal.createEndpoint')),
    hookSecret);

  clear(
    el,
    h('h1', {}, t('nav.portal')),
    msg,
    h('section', { class: 'card' }, h('h2', {}, t('portal.keys')),
      h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, t('field.name')), h('th', {}, t('portal.prefix')), h('th', {}, t('portal.scopes')), h('th', {}, t('portal.created')), h('th', {}, t('portal.lastUsed')), h('th', {}))), keys)),
    h('section', { class: 'card' }, h('h2', {}, t('portal.endpoints')),
      h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, t('portal.url')), h('th', {}, t('portal.events')), h('th', {}, t('portal.created')), h('th', {}))), endpoints),
      log),
    h('div', { class: 'grid two' }, keyForm, hookForm),
  );
  await load();
}
