// Talking to Kassa: POST /graphql for queries and mutations, one graphql-ws client over
// WS /graphql/ws for subscriptions. Always the page's own origin, or the one origin fixed
// when the app was built (`KASSA_API_ORIGIN=https://api.example npm run build`): nothing
// in the address bar or in storage can send the token, or a typed password, elsewhere.
import { createClient } from 'graphql-ws';
import { errorMessage, t } from './i18n.js';

const LS_TOKEN = 'kassa.token';

/* global __KASSA_API_ORIGIN__ */
const BUILT_FOR = typeof __KASSA_API_ORIGIN__ === 'string' ? __KASSA_API_ORIGIN__ : '';
// Older builds remembered an origin taken from `?api=`; a poisoned one must not linger.
localStorage.removeItem('kassa.api');

const base = BUILT_FOR || location.origin;
export const endpoints = {
  http: new URL('/graphql', base).toString(),
  ws: (() => {
    const u = new URL('/graphql/ws', base);
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    return u.toString();
  })(),
};

export class ApiError extends Error {
  constructor(errors, { network = false } = {}) {
    const list = errors?.length ? errors : [{ message: 'no data in the response' }];
    super(list.map((e) => (e.extensions?.code ? `${e.extensions.code}: ${e.message}` : e.message)).join('; '));
    this.errors = list;
    this.codes = list.map((e) => e.extensions?.code).filter(Boolean);
    this.code = this.codes[0] || (network ? 'NETWORK_ERROR' : 'UNKNOWN');
    this.network = network;
  }
  /** Worth retrying with the same idempotency key. */
  get retriable() {
    return this.network || this.codes.includes('SERVICE_UNAVAILABLE') || this.codes.includes('INTERNAL_SERVER_ERROR');
  }
}

/**
 * What a page shows for a failure: the message of its extensions.code in the user's
 * language (i18n.js), never the server's English text; the details go to the console.
 * `overrides` maps a code to a message key where the page knows better, e.g. a sign-in
 * form's UNAUTHENTICATED is a wrong email or password.
 */
export function errorText(e, { overrides = {} } = {}) {
  if (!(e instanceof ApiError)) console.error(e);
  const code = e instanceof ApiError ? e.code : 'UNKNOWN';
  return overrides[code] ? t(overrides[code]) : errorMessage(code);
}

// ---- the session token ------------------------------------------------------------------
const authListeners = new Set();
export const getToken = () => localStorage.getItem(LS_TOKEN);
export function setToken(token) {
  if (token) localStorage.setItem(LS_TOKEN, token);
  else localStorage.removeItem(LS_TOKEN);
  resetSocket();
  authListeners.forEach((f) => f(token));
}
export const onAuthChange = (f) => (authListeners.add(f), () => authListeners.delete(f));

const opName = (q) => q.match(/\b(?:query|mutation|subscription)\s+(\w+)/)?.[1];

/** Runs a query or mutation; resolves to `data`, rejects with ApiError on any error. */
export async function request(query, variables = {}) {
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let res;
  try {
    res = await fetch(endpoints.http, { method: 'POST', headers, body: JSON.stringify({ query, variables, operationName: opName(query) }) });
  } catch (e) {
    throw new ApiError([{ message: `cannot reach the server (${e.message})` }], { network: true });
  }
  let body;
  try {
    body = await res.json();
  } catch {
    throw new ApiError([{ message: `HTTP ${res.status}: not a GraphQL response` }], { network: res.status >= 500 });
  }
  if (body.errors?.length || body.data == null) {
    const err = new ApiError(body.errors);
    if (err.codes.includes('UNAUTHENTICATED') && token && !/\b(signIn|signUp)\b/.test(query)) sessionExpired();
    throw err;
  }
  return body.data;
}

function sessionExpired() {
  if (getToken()) setToken(null);
}

// ---- subscriptions ---------------------------------------------------------------------
let socket = null;
const socketListeners = new Set();
export const onSocketState = (f) => (socketListeners.add(f), () => socketListeners.delete(f));
const emitSocket = (state) => socketListeners.forEach((f) => f(state));

function getSocket() {
  if (socket) return socket;
  const token = getToken();
  socket = createClient({
    url: endpoints.ws,
    connectionParams: () => ({ authorization: `Bearer ${token}` }),
    lazy: true,
    keepAlive: 15_000,
    retryAttempts: Infinity, // reconnect forever, with graphql-ws' randomised back-off
    shouldRetry: (e) => !(e && typeof e.code === 'number' && (e.code === 4401 || e.code === 4403)),
    on: {
      connecting: () => emitSocket('connecting'),
      connected: () => emitSocket('connected'),
      closed: () => emitSocket('closed'),
    },
  });
  return socket;
}

function resetSocket() {
  const s = socket;
  socket = null;
  if (s) s.dispose();
}

/**
 * subscribe(MyBalance, {}, {next(data), error(ApiError), complete()}) -> unsubscribe().
 * Survives reconnects: graphql-ws subscribes again on every new connection.
 */
export function subscribe(query, variables, { next, error, complete } = {}) {
  if (!getToken()) return () => {};
  return getSocket().subscribe(
    { query, variables, operationName: opName(query) },
    {
      next: (msg) => {
        if (msg.errors?.length || !msg.data) return error?.(new ApiError(msg.errors));
        next?.(msg.data);
      },
      error: (e) => {
        const err = Array.isArray(e) ? new ApiError(e) : new ApiError([{ message: e?.reason || e?.message || `connection closed (${e?.code ?? '?'})` }], { network: true });
        if (err.codes.includes('UNAUTHENTICATED') || e?.code === 4401) sessionExpired();
        error?.(err);
      },
      complete: () => complete?.(),
    },
  );
}
