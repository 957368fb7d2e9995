// node --test apollo/cache.test.mjs, against a running Kassa (KASSA_URL, KASSA_ADMIN_EMAIL,
// KASSA_ADMIN_PASSWORD): Apollo Client 4 with graphql-ws, a stock InMemoryCache and not one
// line of cache code (no typePolicies, updateQuery, writeQuery or refetch). myBalance
// selects `wallet { id balance version }`, a Wallet with the id myWallet gave, so the cache
// merges the event into Wallet:<id> by itself and a watched myWallet query follows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql as apollo } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { gql, httpUrl, wsClient } from '../lib/kassa.mjs';
import { loadOperations } from '../lib/operations.mjs';

const BASE = process.env.KASSA_URL;
const ops = loadOperations();
const WALLET = apollo`query Wallet { myWallet { id balance } }`;
const BALANCE = apollo`subscription Balance { myBalance { version wallet { id balance version } } }`;
const WALLET_FIELDS = apollo`fragment WalletFields on Wallet { balance version }`;

/** An Apollo client for `token`: subscriptions over graphql-ws (lib/kassa.mjs' settings), the rest over HTTP. */
function apolloFor(token, counts) {
  const socket = wsClient(BASE, token, { retryAttempts: 5, on: { connecting: () => counts.sockets++ } });
  const http = new HttpLink({
    uri: httpUrl(BASE),
    headers: { authorization: `Bearer ${token}` },
    fetch: (...args) => (counts.posts++, fetch(...args)),
  });
  const link = ApolloLink.split(({ operationType }) => operationType === 'subscription', new GraphQLWsLink(socket), http);
  return { client: new ApolloClient({ link, cache: new InMemoryCache() }), socket };
}

/** A customer with a wallet, and a cashier with an enabled payment system. */
async function people() {
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const admin = (await gql(BASE, ops.SignIn, { input: { email: process.env.KASSA_ADMIN_EMAIL, password: process.env.KASSA_ADMIN_PASSWORD } })).signIn;
  const as = { token: admin.token };
  const binding = { provider: 'YOOMONEY', name: `YooMoney (apollo ${stamp})`, merchantId: `4100-${stamp}`, secret: 's', enabled: true };
  const ps = (await gql(BASE, ops.CreatePaymentSystemBinding, { input: binding }, as)).createPaymentSystemBinding;
  const desk = { email: `apollo-desk-${stamp}@example.com`, password: `desk-pw-${stamp}`, name: 'Apollo desk' };
  const user = (await gql(BASE, ops.CreateUser, { input: desk }, as)).createUser;
  await gql(BASE, ops.AddCashier, { userId: user.id }, as);
  const cashier = (await gql(BASE, ops.SignIn, { input: { email: desk.email, password: desk.password } })).signIn.token;
  const input = { email: `apollo-${stamp}@example.com`, password: `apollo-pw-${stamp}`, name: 'Apollo customer' };
  const customer = (await gql(BASE, ops.SignUp, { input })).signUp;
  return { stamp, ps, cashier, customer };
}

/** Every value of `observable` so far, and the first that `accept` takes. */
function first(observable, accept) {
  const seen = [];
  let subscription;
  const found = new Promise((resolve, reject) => {
    subscription = observable.subscribe({
      next: (value) => (seen.push(value), accept(value) && resolve(value)),
      error: reject,
    });
  });
  return { seen, found: found.finally(() => subscription.unsubscribe()) };
}

test("a cashier's top-up updates Wallet.balance in Apollo's cache from myBalance alone", { skip: !BASE && 'KASSA_URL unset' }, async () => {
  const { stamp, ps, cashier, customer } = await people();
  const counts = { posts: 0, sockets: 0 };
  const { client, socket } = apolloFor(customer.token, counts);
  try {
    const { data } = await client.query({ query: WALLET });
    const id = data.myWallet.id;
    assert.equal(id, customer.user.wallet.id);
    assert.equal(data.myWallet.balance, '0.00');
    const watched = client.watchQuery({ query: WALLET, fetchPolicy: 'cache-only' });
    const followed = first(watched, (result) => result.data?.myWallet?.balance === '150.00');

    const events = [];
    const live = client.subscribe({ query: BALANCE }).subscribe({ next: ({ data }) => data && events.push(data.myBalance) });
    const stateArrived = () => events.some((e) => e.version === 0);
    while (!stateArrived()) await new Promise((r) => setTimeout(r, 20));

    const input = { walletNumber: customer.user.wallet.number, amount: '150.00', paymentSystemId: ps.id, receipt: `YM-${stamp}`, idempotencyKey: `apollo-${stamp}` };
    await gql(BASE, ops.TopUpWallet, { input }, { token: cashier });
    const watchedResult = await followed.found; // the watched query re-rendered with no request of its own
    live.unsubscribe();

    assert.equal(watchedResult.data.myWallet.balance, '150.00');
    assert.deepEqual(followed.seen.map((r) => r.data.myWallet.balance), ['0.00', '150.00']);
    assert.equal(client.readQuery({ query: WALLET }).myWallet.balance, '150.00');
    const fields = client.readFragment({ id: client.cache.identify({ __typename: 'Wallet', id }), fragment: WALLET_FIELDS });
    assert.deepEqual({ ...fields }, { __typename: 'Wallet', balance: '150.00', version: 1 });
    assert.deepEqual(events.map((e) => [e.version, e.wallet.id, e.wallet.balance]), [[0, id, '0.00'], [1, id, '150.00']]);
    assert.deepEqual(counts, { posts: 1, sockets: 1 }, 'one query over HTTP, then the cache followed the socket');
  } finally {
    client.stop();
    await socket.dispose();
  }
});

test('a refused token reaches an Apollo subscriber after one connection, with retryAttempts 5', { skip: !BASE && 'KASSA_URL unset' }, async () => {
  const counts = { posts: 0, sockets: 0 };
  const { client, socket } = apolloFor('not-a-real-session-token', counts);
  try {
    // Apollo Client 4 hands a subscription's error over as a result: {data: undefined, error}.
    const result = await new Promise((resolve, reject) => client.subscribe({ query: BALANCE }).subscribe({ next: resolve, error: reject }));
    assert.equal(result.data, undefined);
    assert.match(result.error?.message, /4403/);
    assert.equal(counts.sockets, 1, 'no reconnection after 4403');
  } finally {
    client.stop();
    await socket.dispose();
  }
});
