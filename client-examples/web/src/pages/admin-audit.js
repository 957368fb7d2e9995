// #/admin/audit: the audit log (auditLog), newest first, 20 a page, filtered by action.
// Who did it (or the command line), about whom or which payment system, and what changed.
import { request, errorText } from '../api.js';
import { h, clear, status, showStatus } from '../dom.js';
import { formatDateTime } from '../format.js';
import { t } from '../i18n.js';

import AuditLog from '../ops/AuditLog.graphql';

export const AUDIT_ACTIONS = ['USER_CREATED', 'ADMIN_CREATED', 'CASHIER_ADDED', 'CASHIER_REMOVED', 'PAYMENT_SYSTEM_CREATED', 'PAYMENT_SYSTEM_UPDATED', 'SECRETS_ROTATED', 'INVOICE_RESOLVED'];
const PAGE = 20;

export async function adminAuditPage(el) {
  const body = h('tbody', { testid: 'audit-list' });
  const msg = status('audit-status');
  const filter = h('select', { testid: 'audit-action', 'aria-label': t('audit.action') }, h('option', { value: '' }, t('audit.all')), AUDIT_ACTIONS.map((a) => h('option', { value: a }, t(`audit.${a}`))));
  const prevBtn = h('button', { type: 'button', class: 'secondary', testid: 'audit-prev' }, t('history.newer'));
  const nextBtn = h('button', { type: 'button', class: 'secondary', testid: 'audit-next' }, t('history.older'));
  const pageLabel = h('span', { class: 'muted', testid: 'audit-page' });
  let cursors = [null];
  let pageIndex = 0;

  async function load() {
    const { auditLog } = await request(AuditLog, { action: filter.value || null, first: PAGE, after: cursors[pageIndex] });
    const edges = auditLog.edges;
    clear(body, edges.length ? edges.map(({ node }) => row(node)) : h('tr', {}, h('td', { colspan: 5, class: 'muted' }, t('audit.empty'))));
    cursors[pageIndex + 1] = auditLog.pageInfo.endCursor;
    nextBtn.disabled = !auditLog.pageInfo.hasNextPage;
    prevBtn.disabled = pageIndex === 0;
    pageLabel.textContent = t('history.page', { n: pageIndex + 1 });
    body.dataset.loaded = `${filter.value}|${pageIndex}`; // for tests: what is on screen
  }
  const reload = () => load().catch((e) => showStatus(msg, errorText(e), 'error'));
  filter.onchange = () => {
    cursors = [null];
    pageIndex = 0;
    reload();
  };
  prevBtn.onclick = () => {
    pageIndex = Math.max(0, pageIndex - 1);
    reload();
  };
  nextBtn.onclick = () => {
    pageIndex += 1;
    cursors = cursors.slice(0, pageIndex + 1);
    reload();
  };

  clear(
    el,
    h('h1', {}, t('nav.audit')),
    h('section', { class: 'card' },
      h('div', { class: 'row' }, h('label', { class: 'inline' }, t('audit.action'), filter), h('span', { class: 'spacer' }), prevBtn, pageLabel, nextBtn),
      h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, t('tx.when')), h('th', {}, t('audit.action')), h('th', {}, t('audit.actor')), h('th', {}, t('audit.subject')), h('th', {}, t('tx.details')))), body),
      msg),
  );
  await load();
}

function row(e) {
  const subject = [e.subjectUser && `${e.subjectUser.name} <${e.subjectUser.email}>`, e.subjectPaymentSystem?.name].filter(Boolean).join(' · ');
  return h(
    'tr',
    { testid: 'audit-row', dataset: { id: e.id, action: e.action } },
    h('td', { class: 'nowrap' }, formatDateTime(e.createdAt)),
    h('td', {}, h('span', { class: 'badge' }, t(`audit.${e.action}`))),
    h('td', {}, e.actor ? h('span', { title: e.actor.email }, e.actor.name) : h('span', { class: 'muted' }, t('cashiers.commandLine'))),
    h('td', {}, subject || '—'),
    h('td', { class: 'details' }, e.details),
  );
}
