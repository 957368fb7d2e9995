// A tiny Kassa client for Node: GraphQL over HTTP (fetch) and subscriptions over
// WebSocket (graphql-ws + ws). Used by operations/run-all.mjs, browser-test.mjs and cli/.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

/** A GraphQL response carried errors (or no data). `codes` lists extensions.code. */
export class GraphQLRequestError extends Error {
  constructor(operationName, errors, status) {
    const codes = (errors || []).map((e) => e?.extensions?.code ?? 'NO_CODE');
    const msg = (errors || []).map((e) => `${e?.extensions?.code ?? 'NO_CODE'}: ${e?.message}`).join('; ');
    super(`${operationName}: ${msg || 'no data'}${status ? ` (HTTP ${status})` : ''}`);
    this.operationName = operationName;
    this.errors = errors || [];
    this.codes = codes;
    this.status = status;
  }
}

export function httpUrl(base) {
  return new URL('/graphql', base).toString();
}

export function wsUrl(base) {
  const u = new URL('/graphql/ws', base);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.toString();
}

function operationNameOf(query) {
  const m = query.match(/\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/);
  return m ? m[1] : undefined;
}

/**
 * POST one operation. Resolves to `data`; rejects with GraphQLRequestError when the
 * response has any error or no data (so a partial result is never taken for success).
 */
export async function gql(base, query, variables = {}, { token, operationName } = {}) {
  operationName ??= operationNameOf(query);
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(httpUrl(base), {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables, operationName }),
  });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new GraphQLRequestError(operationName, [{ message: `not JSON: ${text.slice(0, 300)}` }], res.status);
  }
  if (body.errors?.length || body.data == null) {
    throw new GraphQLRequestError(operationName, body.errors, res.status);
  }
  return body.data;
}

/** The close code of a socket whose token Kassa refused (unknown, expired, revoked). */
export const AUTH_REFUSED = 4403;

/**
 * graphql-ws' `shouldRetry` for Kassa: reconnect after a dropped socket (a restart, a
 * network blip), never after 4403. graphql-ws retries 4403 by default ("might grant access
 * after retry"), so a client with a bad token would reconnect `retryAttempts` times (5 by
 * default: six connections and about 38 s of back-off) before its subscriber hears of it.
 */
export function shouldRetry(errOrCloseEvent) {
  const closed = errOrCloseEvent && typeof errOrCloseEvent === 'object' && 'code' in errOrCloseEvent && 'reason' in errOrCloseEvent;
  return Boolean(closed) && errOrCloseEvent.code !== AUTH_REFUSED;
}

/**
 * A graphql-ws client authenticated with `token` (connection_init payload). No retry by
 * default; with `retryAttempts`, any close but 4403 is retried (`shouldRetry`), and a
 * refused token reaches every subscriber's `error` at once, as a CloseEvent with code 4403.
 */
export function wsClient(base, token, options = {}) {
  return createClient({
    url: wsUrl(base),
    webSocketImpl: WebSocket,
    connectionParams: () => (token ? { authorization: `Bearer ${token}` } : {}),
    lazy: true,
    retryAttempts: 0,
    shouldRetry,
    ...options,
  });
}

/**
 * Subscribe and collect events. Returns {events, next(timeoutMs), ended, dispose}.
 * `next()` resolves with the next event not yet taken (or rejects on timeout / error).
 */
export function collect(client, query, variables = {}) {
  const operationName = operationNameOf(query);
  const events = [];
  let taken = 0;
  let waiters = [];
  let failure = null;
  let done = false;
  let resolveEnded;
  const ended = new Promise((r) => (resolveEnded = r));
  const wake = () => {
    const ws = waiters;
    waiters = [];
    ws.forEach((w) => w());
  };
  const dispose = client.subscribe(
    { query, variables, operationName },
    {
      next: (msg) => {
        if (msg.errors?.length || msg.data == null) {
          failure = new GraphQLRequestError(operationName, msg.errors);
        } else {
          events.push(msg.data);
        }
        wake();
      },
      error: (err) => {
        failure = Array.isArray(err)
          ? new GraphQLRequestError(operationName, err)
          : new GraphQLRequestError(operationName, [
              { message: err?.message || (err?.code ? `socket closed ${err.code} ${err.reason || ''}` : String(err)) },
            ]);
        done = true;
        resolveEnded({ error: failure });
        wake();
      },
      complete: () => {
        done = true;
        resolveEnded({ complete: true });
        wake();
      },
    },
  );
  return {
    events,
    ended,
    dispose,
    get failure() {
      return failure;
    },
    next(timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== check);
          reject(new GraphQLRequestError(operationName, [{ message: `no event within ${timeoutMs} ms` }]));
        }, timeoutMs);
        const check = () => {
          if (taken < events.length) {
            clearTimeout(timer);
            resolve(events[taken++]);
          } else if (failure) {
            clearTimeout(timer);
            reject(failure);
          } else if (done) {
            clearTimeout(timer);
            reject(new GraphQLRequestError(operationName, [{ message: 'subscription completed without an event' }]));
          } else {
            waiters.push(check);
          }
        };
        check();
      });
    },
  };
}
