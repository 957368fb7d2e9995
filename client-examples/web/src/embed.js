// The balance widget for a page of the portal's own that already has its user's JWT
// (dist/embed.js, served by Kassa at /app/embed.js):
//
//   <span id="wallet-balance"></span>
//   <script src="https://kassa.example/app/embed.js"></script>
//   <script>
//     KassaWidget.mount(document.getElementById('wallet-balance'), { getToken: () => portal.currentJwt() });
//   </script>
//
// It talks only to the origin the script came from (Kassa must list the portal's origin in
// KASSA_CORS_ORIGINS and KASSA_WS_ORIGINS). getToken is asked for a token on every new
// connection, so a JWT the portal refreshes is picked up: when the current one expires,
// Kassa ends the subscription with UNAUTHENTICATED and the widget reconnects with a fresh one.
import { createClient } from 'graphql-ws';
import { BalanceTracker } from './balance.js';
import { formatMoney } from './format.js';

const WALLET = 'query EmbedWallet { myWallet { number balance currency version } }';
const BALANCE = 'subscription EmbedBalance { myBalance { walletNumber balance currency version } }';

const scriptOrigin = new URL(document.currentScript?.src ?? location.href).origin;

/**
 * Shows the balance of `getToken()`'s user in `element`, live. Returns { stop }.
 * `origin` overrides Kassa's origin (the script's own by default); `onError(code)` hears
 * of a failure (UNAUTHENTICATED when getToken gives nothing Kassa accepts).
 */
export function mount(element, { getToken, origin = scriptOrigin, onError = () => {} }) {
  const http = new URL('/graphql', origin).toString();
  const ws = http.replace(/^http/, 'ws') + '/ws';
  let client = null;
  let stopped = false;
  let failures = 0;
  const bearer = async () => `Bearer ${await getToken()}`;

  const tracker = new BalanceTracker({
    fetchWallet: async () => {
      const res = await fetch(http, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: await bearer() },
        body: JSON.stringify({ query: WALLET }),
      });
      return (await res.json()).data?.myWallet ?? null;
    },
    onChange: (state) => {
      element.textContent = formatMoney(state.balance, state.currency);
      element.dataset.amount = state.balance;
      element.dataset.version = String(state.version);
      element.dataset.state = 'live';
    },
  });

  function connect() {
    if (stopped) return;
    client?.dispose();
    client = createClient({
      url: ws,
      connectionParams: async () => ({ authorization: await bearer() }),
      retryAttempts: Infinity,
      shouldRetry: () => true,
    });
    client.subscribe(
      { query: BALANCE },
      {
        next: ({ data, errors }) => {
          if (errors?.length) return failed(errors[0]?.extensions?.code);
          failures = 0;
          tracker.apply(data.myBalance);
        },
        // The token expired or was refused: ask for a fresh one on a new connection.
        error: (e) => failed(Array.isArray(e) ? e[0]?.extensions?.code : e?.code === 4403 ? 'UNAUTHENTICATED' : 'NETWORK_ERROR'),
        complete: () => failed('UNAUTHENTICATED'),
      },
    );
  }

  function failed(code) {
    element.dataset.state = 'reconnecting';
    onError(code);
    failures += 1;
    setTimeout(connect, Math.min(30000, 500 * 2 ** Math.min(failures, 6)));
  }

  connect();
  return {
    stop() {
      stopped = true;
      client?.dispose();
    },
  };
}
