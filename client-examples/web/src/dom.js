// h('div', {class: 'x', dataset: {testid: 'y'}, onclick}, 'text', child) -> Element.
// Text is always set as text, never as HTML.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'testid') el.dataset.testid = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value') el.value = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Reads a form's named controls into an object of trimmed strings / booleans. */
export function formValues(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name) continue;
    out[el.name] = el.type === 'checkbox' ? el.checked : el.value.trim();
  }
  return out;
}

/** A status line (role=status, polite live region) for showStatus to fill. */
export function status(testid) {
  return h('p', { class: 'status', testid, role: 'status', 'aria-live': 'polite' });
}
export function showStatus(el, text, kind = 'ok') {
  el.textContent = text;
  el.dataset.kind = kind;
  el.className = `status ${kind}`;
}

/** The parameters after '?' in the hash: #/wallet?invoice=7 -> URLSearchParams {invoice: 7}. */
export const routeParams = () => new URLSearchParams(location.hash.split('?')[1] || '');
