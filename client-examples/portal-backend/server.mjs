// A small service in the portal's back-end role. It signs its users in (a JWT Kassa
// trusts), places orders by holding money on the buyer's wallet, captures the hold when
// the order ships or voids it when it is cancelled, asks Kassa for the truth about an
// order, and takes Kassa's signed webhooks. Only the API key and the secrets stay here;
// the browser gets nothing but its own JWT.
//
//   KASSA_URL=http://127.0.0.1:8080 KASSA_API_KEY=kassa_sk_… PORTAL_JWT_SECRET=… \
//   KASSA_WEBHOOK_SECRET=whsec_… node portal-backend/server.mjs
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { gql } from '../lib/kassa.mjs';
import { mint } from './jwt.mjs';
import { verify } from './signature.mjs';

const HOLD_FIELDS = 'id status amount orderReference expiresAt payment { id amount kind reference }';

const CREATE_HOLD = `mutation CreateHold($input: CreateHoldInput!) {
  createHold(input: $input) { hold { ${HOLD_FIELDS} } wallet { number balance available held } }
}`;
const CAPTURE_HOLD = `mutation CaptureHold($input: CaptureHoldInput!) {
  captureHold(input: $input) { hold { ${HOLD_FIELDS} } wallet { number balance available held } }
}`;
const VOID_HOLD = `mutation VoidHold($input: VoidHoldInput!) {
  voidHold(input: $input) { hold { ${HOLD_FIELDS} } wallet { number balance available held } }
}`;
const ORDER = `query Order($reference: String!) {
  order(reference: $reference) {
    reference
    holds { ${HOLD_FIELDS} }
    transactions { id kind amount reference createdAt }
  }
}`;

/**
 * Starts the service. Returns its base URL, the webhook events it accepted (deduplicated
 * by id, in arrival order), the count of refused deliveries, and close().
 */
export async function start({ kassaUrl, apiKey, jwtSecret, webhookSecret, port = 0, issuer, audience } = {}) {
  const orders = new Map(); // reference -> { holdId, userId }
  const events = [];
  const seen = new Set();
  let refused = 0;
  let signingSecret = webhookSecret;
  const kassa = (query, variables) => gql(kassaUrl, query, variables, { token: apiKey });

  const routes = {
    // The portal's own sign-in (a demo: a real portal checks its users' passwords first).
    'POST /login': async ({ userId, email, name }) => ({
      token: await mint(jwtSecret, { sub: String(userId), email, name, issuer, audience }),
    }),
    // An order holds its amount on the buyer's wallet; the key makes a retry hold once.
    'POST /orders': async ({ userId, amount, description }) => {
      const reference = `ORDER-${randomUUID().slice(0, 8).toUpperCase()}`;
      const input = { externalUserId: String(userId), amount, orderReference: reference, description, idempotencyKey: `${reference}:hold` };
      const { createHold } = await kassa(CREATE_HOLD, { input });
      orders.set(reference, { holdId: createHold.hold.id, userId });
      return { reference, ...createHold };
    },
    'POST /orders/:ref/ship': async ({ amount }, ref) => {
      const input = { holdId: order(ref).holdId, amount: amount ?? null, idempotencyKey: `${ref}:capture` };
      return (await kassa(CAPTURE_HOLD, { input })).captureHold;
    },
    'POST /orders/:ref/cancel': async (_, ref) => {
      const input = { holdId: order(ref).holdId, idempotencyKey: `${ref}:void` };
      return (await kassa(VOID_HOLD, { input })).voidHold;
    },
    'GET /orders/:ref': async (_, ref) => (await kassa(ORDER, { reference: ref })).order,
    'GET /webhooks': async () => ({ events, refused }),
  };

  // A page of the portal's with Kassa's balance widget in its top menu, for `?user=<id>`
  // (a demo: the page asks /login for its user's JWT; a real portal already has one).
  function page(user) {
    const id = JSON.stringify(String(user ?? 'demo-user')).replace(/</g, '\\u003c');
    return `<!doctype html><meta charset="utf-8"><title>Portal</title>
<header>Portal shop · wallet: <strong id="wallet-balance" data-testid="portal-balance">…</strong></header>
<script src="${new URL('/app/embed.js', kassaUrl)}"></script>
<script>
  const getToken = async () => (await (await fetch('/login', { method: 'POST', body: JSON.stringify({ userId: ${id} }) })).json()).token;
  KassaWidget.mount(document.getElementById('wallet-balance'), { getToken });
</script>`;
  }

  function order(ref) {
    const found = orders.get(ref);
    if (!found) throw Object.assign(new Error(`no order ${ref}`), { status: 404 });
    return found;
  }

  // Kassa's deliveries: the signature over the raw body first, then dedupe by event id
  // (deliveries are at least once), then answer 2xx fast and do the work afterwards.
  function webhook(req, raw, res) {
    if (!signingSecret || !verify(signingSecret, req.headers['kassa-signature'], raw)) {
      refused += 1;
      res.writeHead(400).end('bad signature');
      return;
    }
    const event = JSON.parse(raw.toString('utf8'));
    if (!seen.has(event.id)) {
      seen.add(event.id);
      events.push(event);
    }
    res.writeHead(204).end();
  }

  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const raw = Buffer.concat(chunks);
    const path = new URL(req.url, 'http://portal').pathname;
    if (req.method === 'POST' && path === '/webhooks/kassa') return webhook(req, raw, res);
    if (req.method === 'GET' && path === '/') {
      const user = new URL(req.url, 'http://portal').searchParams.get('user');
      return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(user));
    }
    const [, ref] = path.match(/^\/orders\/([^/]+)(?:\/|$)/) ?? [];
    const route = `${req.method} ${ref ? path.replace(`/orders/${ref}`, '/orders/:ref') : path}`;
    const handler = routes[route];
    if (!handler) return send(res, 404, { error: `no route ${route}` });
    try {
      const body = raw.length ? JSON.parse(raw.toString('utf8')) : {};
      send(res, 200, await handler(body, ref && decodeURIComponent(ref)));
    } catch (e) {
      // Kassa refused (its extensions.code in `codes`): 409; our own errors carry a status.
      send(res, e.codes ? 409 : (e.status ?? 502), { error: e.message, codes: e.codes });
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    events,
    refusedCount: () => refused,
    // The endpoint's secret is shown once, when it is created: the portal stores it.
    setWebhookSecret: (secret) => (signingSecret = secret),
    // server.close alone waits for every open connection, and Kassa's webhook deliveries
    // keep theirs open for the next one: end them too.
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const env = (name, fallback) => process.env[name] ?? fallback ?? (console.error(`set ${name}`), process.exit(2));
  const service = await start({
    kassaUrl: env('KASSA_URL', 'http://127.0.0.1:8080'),
    apiKey: env('KASSA_API_KEY'),
    jwtSecret: env('PORTAL_JWT_SECRET'),
    webhookSecret: env('KASSA_WEBHOOK_SECRET'),
    port: Number(env('PORT', '3001')),
    issuer: process.env.KASSA_JWT_ISSUER,
    audience: process.env.KASSA_JWT_AUDIENCE,
  });
  console.log(`portal back end on ${service.url}`);
}
