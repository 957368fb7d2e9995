// The simulator's --serve mode: a tiny local "payment page". Open it with an invoice's
// paymentUrl parameters (any path: /Merchant/Index.aspx?InvId=…, /quickpay/confirm?label=…,
// or /?url=<the whole paymentUrl>) and it shows the invoice and a Pay button; Pay sends the
// signed notification to Kassa, shows Kassa's answer and links back to the wallet.
import http from 'node:http';
import { parsePaymentUrl } from './providers.mjs';
import { pay } from './pay.mjs';

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const page = (title, body) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title><style>body{font:15px system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}button{font:inherit;padding:.5rem 1.2rem}pre{background:#f3f4f6;padding:.6rem;white-space:pre-wrap;word-break:break-all}.warn{color:#a15c00}</style></head><body>${body}</body></html>`;

/** The paymentUrl this request stands for: ?url=… or the request's own path and query. */
function paymentUrlOf(reqUrl, base) {
  const u = new URL(reqUrl, base);
  return u.searchParams.get('url') || u.toString();
}

export function serve(s) {
  let base = `http://${s.host}:${s.port}`;
  const server = http.createServer(async (req, res) => {
    const reply = (status, html) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
    };
    try {
      if (req.method === 'POST') {
        let raw = '';
        for await (const c of req) raw += c;
        const url = new URLSearchParams(raw).get('url');
        const lines = [];
        const { invoice, results } = await pay(url, s, (l) => lines.push(l));
        lines.forEach((l) => console.log(l));
        const ok = results.length && results.every((r) => r.ok);
        const back = (s.returnUrl || new URL('/app/#/wallet?invoice={number}', s.kassa).toString()).replace('{number}', encodeURIComponent(invoice.number));
        return reply(200, page('Paid', `<h1>${ok ? 'Paid' : 'Kassa did not accept it'}</h1><p data-testid="sim-result" data-ok="${ok}">${ok ? 'Kassa accepted the notification.' : 'See the answer below.'}</p><pre>${esc(lines.join('\n'))}</pre><p><a data-testid="sim-back" href="${esc(back)}">Back to the wallet</a></p>`));
      }
      const url = paymentUrlOf(req.url, base);
      if (new URL(url).search === '') {
        return reply(200, page('Payment simulator', `<h1>Payment simulator</h1><form method="get"><p><label>paymentUrl<br><input name="url" size="60"></label></p><button>Open</button></form><p>Binding ${esc(s.binding)} at ${esc(s.kassa)}.</p>`));
      }
      const inv = parsePaymentUrl(url, s.provider);
      return reply(200, page(`Pay ${inv.amount}`, `<h1>${esc(inv.provider)} (simulated)</h1><p>Invoice <b data-testid="sim-invoice">${esc(inv.number)}</b>: <b data-testid="sim-amount">${esc(inv.amount)} ${esc(inv.currency)}</b>${inv.merchantId ? `, merchant ${esc(inv.merchantId)}` : ''}.</p><p class="warn">No money moves: this only sends Kassa the notification ${esc(inv.provider)} would send.</p><form method="post"><input type="hidden" name="url" value="${esc(url)}"><button data-testid="sim-pay">Pay</button></form>`));
    } catch (e) {
      return reply(400, page('Error', `<h1>Cannot simulate this</h1><pre>${esc(e.message)}</pre>`));
    }
  });
  return new Promise((resolve) =>
    server.listen(s.port, s.host, () => {
      base = `http://${s.host}:${server.address().port}`;
      console.log(`payment simulator on ${base} for binding ${s.binding} at ${s.kassa}`);
      resolve(server);
    }),
  );
}
