// The delivery log of one webhook endpoint (admin-portal.js): its last attempts, each with
// the event, the receiver's answer, how long it took and why it failed.
import { request } from '../api.js';
import { h, clear } from '../dom.js';
import { formatDateTime } from '../format.js';
import { t } from '../i18n.js';

import WebhookDeliveries from '../ops/WebhookDeliveries.graphql';

export async function deliveryLog(el, endpoint) {
  const { webhookDeliveries } = await request(WebhookDeliveries, { endpointId: endpoint.id, first: 20 });
  const rows = webhookDeliveries.map((d) =>
    h('tr', { testid: 'delivery-row', dataset: { status: d.status } },
      h('td', { class: 'muted' }, formatDateTime(d.at)),
      h('td', {}, d.event ? d.event.toLowerCase().replace('_', '.') : d.eventId),
      h('td', {}, d.statusCode == null ? '—' : String(d.statusCode), ' ', h('span', { class: 'badge' }, d.status)),
      h('td', {}, `${d.latencyMs} ms`),
      h('td', { class: 'muted' }, d.error ?? '')),
  );
  clear(
    el,
    h('h3', {}, t('portal.log', { url: endpoint.url })),
    rows.length
      ? h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, t('portal.at')), h('th', {}, t('portal.event')), h('th', {}, t('portal.status')), h('th', {}, t('portal.latency')), h('th', {}, t('portal.error')))), h('tbody', {}, rows))
      : h('p', { class: 'muted' }, t('portal.noAttempts')),
  );
}
