// node --test gateway-sim/ : the signatures against gateways.md's published vectors, the
// paymentUrl readers, and round trips: every provider's notification checked by an
// independent verifier, and sent over real HTTP to a listening stand-in for Kassa.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHash, createHmac } from 'node:crypto';
import { mykassaSign, paymasterHash, qiwiSignature, robokassaLinkSignature, robokassaResultSignature, sameHex, yoomoneyHash, ALGORITHMS } from './signatures.mjs';
import { detectProvider, notification, parsePaymentUrl, twoDigits } from './providers.mjs';
import { parseArgs, pay, settings } from './sim.mjs';

test("YooMoney: the documented example hashes to gateways.md's digest", () => {
  const f = { notification_type: 'p2p-incoming', operation_id: '1234567', amount: '300.00', currency: '643', datetime: '2011-07-01T09:00:00.000+04:00', sender: '41001XXXXXXXX', codepro: 'false', label: 'YM.label.12345' };
  assert.equal(yoomoneyHash(f, '01234567890ABCDEF01234567890'), 'a2ee4a9195f4a90e893cff4f62eeba0b662321f9');
  assert.notEqual(yoomoneyHash({ ...f, amount: '300.01' }, '01234567890ABCDEF01234567890'), 'a2ee4a9195f4a90e893cff4f62eeba0b662321f9');
});

test("QIWI: the SDK's test vector", () => {
  const bill = { amount: { currency: 'RUB', value: '1.00' }, billId: 'test_bill', siteId: 'test', status: { value: 'PAID' } };
  assert.equal(qiwiSignature(bill, 'test-merchant-secret-for-signature-check'), '07e0ebb10916d97760c196034105d010607a6c6b7d72bfa1c3451448ac484a3b');
});

test('Robokassa: every algorithm over OutSum:InvId:Password#2 with Shp_* sorted by name', () => {
  const f = { OutSum: '100.000000', InvId: '17', Shp_b: 'two', Shp_a: 'one' };
  const lengths = { MD5: 32, RIPEMD160: 40, SHA1: 40, SHA256: 64, SHA384: 96, SHA512: 128 };
  for (const [name, alg] of Object.entries(ALGORITHMS)) {
    const sig = robokassaResultSignature(f, 'password-2', name);
    assert.equal(sig, createHash(alg).update('100.000000:17:password-2:Shp_a=one:Shp_b=two').digest('hex').toUpperCase(), name);
    assert.equal(sig.length, lengths[name], name);
  }
  // Known MD5 value, computed elsewhere (md5sum of the same text).
  assert.equal(robokassaResultSignature({ OutSum: '100.000000', InvId: '17' }, 'password-2'), createHash('md5').update('100.000000:17:password-2').digest('hex').toUpperCase());
  assert.equal(robokassaLinkSignature({ MerchantLogin: 'shop', OutSum: '100.00', InvId: '17' }, 'password-1', 'SHA256'), createHash('sha256').update('shop:100.00:17:password-1').digest('hex'));
  assert.ok(sameHex('ABCDEF', 'abcdef') && !sameHex('abcdef', 'abcde0') && !sameHex('ab', 'abc'));
  assert.throws(() => robokassaResultSignature(f, 'x', 'CRC32'), /unknown hash algorithm/);
});

test('PayMaster: base64 of the raw digest over the ten LMI fields and the secret', () => {
  const f = { LMI_MERCHANT_ID: 'm1', LMI_PAYMENT_NO: '17', LMI_SYS_PAYMENT_ID: '900', LMI_SYS_PAYMENT_DATE: '2026-12-01T10:00:00', LMI_PAYMENT_AMOUNT: '100.00', LMI_CURRENCY: 'RUB', LMI_PAID_AMOUNT: '100.00', LMI_PAID_CURRENCY: 'RUB', LMI_PAYMENT_SYSTEM: '3', LMI_SIM_MODE: '0' };
  const text = 'm1;17;900;2026-12-01T10:00:00;100.00;RUB;100.00;RUB;3;0;key';
  assert.equal(paymasterHash(f, 'key'), createHash('md5').update(text).digest('base64'));
  assert.equal(paymasterHash(f, 'key', 'SHA256'), createHash('sha256').update(text).digest('base64'));
});

test('MyKassa: md5 of MERCHANT_ID:AMOUNT:secret:MERCHANT_ORDER_ID', () => {
  assert.equal(mykassaSign({ MERCHANT_ID: '77', AMOUNT: '100.00', MERCHANT_ORDER_ID: '17' }, 'word2'), createHash('md5').update('77:100.00:word2:17').digest('hex'));
});

const URLS = {
  ROBOKASSA: 'https://auth.robokassa.ru/Merchant/Index.aspx?MerchantLogin=shop&OutSum=100.00&InvId=17&Description=Top-up&SignatureValue=abc&IsTest=1',
  YOOMONEY: 'https://yoomoney.ru/quickpay/confirm?receiver=4100111&quickpay-form=button&sum=250.50&label=18&paymentType=AC',
  QIWI: 'https://oplata.qiwi.com/create?publicKey=pk&billId=19&amount=10.00&comment=Top-up&siteId=site-1',
  PAYMASTER: 'https://paymaster.ru/payment/init?LMI_MERCHANT_ID=pm-1&LMI_PAYMENT_AMOUNT=5.00&LMI_CURRENCY=RUB&LMI_PAYMENT_NO=20&LMI_PAYMENT_DESC=Top-up',
  MYKASSA: 'https://pay.mykassa.org/?m=77&oa=7.00&o=21&currency=RUB&s=xyz',
};

test('paymentUrl: the invoice read per provider', () => {
  const got = Object.fromEntries(Object.entries(URLS).map(([p, u]) => [p, detectProvider(u)]));
  assert.deepEqual(got, { ROBOKASSA: 'ROBOKASSA', YOOMONEY: 'YOOMONEY', QIWI: 'QIWI', PAYMASTER: 'PAYMASTER', MYKASSA: 'MYKASSA' });
  const pick = (u) => {
    const { provider, number, amount, merchantId, testMode } = parsePaymentUrl(u);
    return { provider, number, amount, merchantId, testMode };
  };
  assert.deepEqual(pick(URLS.ROBOKASSA), { provider: 'ROBOKASSA', number: '17', amount: '100.00', merchantId: 'shop', testMode: true });
  assert.deepEqual(pick(URLS.YOOMONEY), { provider: 'YOOMONEY', number: '18', amount: '250.50', merchantId: '4100111', testMode: false });
  assert.deepEqual(pick(URLS.QIWI), { provider: 'QIWI', number: '19', amount: '10.00', merchantId: 'site-1', testMode: false });
  assert.deepEqual(pick(URLS.PAYMASTER), { provider: 'PAYMASTER', number: '20', amount: '5.00', merchantId: 'pm-1', testMode: false });
  assert.deepEqual(pick(URLS.MYKASSA), { provider: 'MYKASSA', number: '21', amount: '7.00', merchantId: '77', testMode: false });
  assert.throws(() => parsePaymentUrl('https://example.com/pay?x=1'), /--provider/);
  // Kassa's QIWI link carries no siteId: the merchant comes from --merchant.
  const qiwi = parsePaymentUrl('https://oplata.qiwi.com/create?publicKey=pk&billId=19&amount=10.00&comment=x');
  assert.equal(qiwi.merchantId, null);
  assert.throws(() => notification(qiwi, { secret: 's' }), /--merchant/);
  assert.equal(JSON.parse(notification(qiwi, { secret: 's', merchantId: 'site-1' }).body).bill.siteId, 'site-1');
  // PayMaster's test mode is LMI_SIM_MODE present (0: every test payment succeeds), echoed back signed.
  const pmTest = parsePaymentUrl(`${URLS.PAYMASTER}&LMI_SIM_MODE=0`);
  assert.equal(pmTest.testMode, true);
  assert.equal(Object.fromEntries(new URLSearchParams(notification(pmTest, { secret: 's' }).body)).LMI_SIM_MODE, '0');
  assert.equal(twoDigits('100'), '100.00');
  assert.throws(() => twoDigits('1.005'));
});

/** An independent check of a notification as Kassa would do it: -> true when it verifies. */
function verifies(provider, n, secret, hash = 'MD5') {
  if (provider === 'QIWI') {
    const { bill } = JSON.parse(n.body);
    const data = `${bill.amount.currency}|${bill.amount.value}|${bill.billId}|${bill.siteId}|${bill.status.value}`;
    return sameHex(n.headers['X-Api-Signature-SHA256'], createHmac('sha256', secret).update(data).digest('hex'));
  }
  const f = Object.fromEntries(new URLSearchParams(n.body));
  if (provider === 'ROBOKASSA') {
    const shp = Object.keys(f).filter((k) => k.startsWith('Shp_')).sort().map((k) => `:${k}=${f[k]}`).join('');
    return sameHex(f.SignatureValue, createHash(ALGORITHMS[hash]).update(`${f.OutSum}:${f.InvId}:${secret}${shp}`).digest('hex'));
  }
  if (provider === 'YOOMONEY') {
    const text = [f.notification_type, f.operation_id, f.amount, f.currency, f.datetime, f.sender, f.codepro, secret, f.label].join('&');
    return sameHex(f.sha1_hash, createHash('sha1').update(text).digest('hex'));
  }
  if (provider === 'PAYMASTER') return f.LMI_HASH === paymasterHash(f, secret, hash);
  if (provider === 'MYKASSA') return sameHex(f.SIGN, createHash('md5').update(`${f.MERCHANT_ID}:${f.AMOUNT}:${secret}:${f.MERCHANT_ORDER_ID}`).digest('hex'));
  return false;
}

test('round trip: every notification verifies with the secret, and not with another or when spoilt', () => {
  for (const [provider, url] of Object.entries(URLS)) {
    const inv = parsePaymentUrl(url);
    for (const hash of provider === 'ROBOKASSA' ? Object.keys(ALGORITHMS) : provider === 'PAYMASTER' ? ['MD5', 'SHA1', 'SHA256'] : ['MD5']) {
      const n = notification(inv, { secret: 'the-secret', hashAlgorithm: hash, shp: provider === 'ROBOKASSA' ? { Shp_wallet: '42', Shp_a: 'x' } : {} });
      assert.ok(verifies(provider, n, 'the-secret', hash), `${provider} ${hash}`);
      assert.ok(!verifies(provider, n, 'another-secret', hash), `${provider} ${hash} other secret`);
      assert.ok(!verifies(provider, notification(inv, { secret: 'the-secret', hashAlgorithm: hash, badSignature: true }), 'the-secret', hash), `${provider} spoilt`);
    }
  }
  const robo = Object.fromEntries(new URLSearchParams(notification(parsePaymentUrl(URLS.ROBOKASSA), { secret: 's' }).body));
  assert.equal(robo.OutSum, '100.000000', 'OutSum as Robokassa sends it');
  assert.equal(robo.IsTest, '1');
  const ym = Object.fromEntries(new URLSearchParams(notification(parsePaymentUrl(URLS.YOOMONEY), { secret: 's', amount: '300' }).body));
  assert.equal(ym.withdraw_amount, '300.00', 'what the customer paid');
  assert.equal(ym.amount, '291.00', 'what arrives after the fee');
  assert.equal(ym.label, '18');
});

test('the flags and the environment', () => {
  const { positional, flags } = parseArgs(['URL', '--binding', '3', '--secret=a=b', '--shp', 'wallet=42', '--bad-signature', '--hash', 'sha256']);
  assert.deepEqual(positional, ['URL']);
  const s = settings(flags, { KASSA_URL: 'http://kassa:1' });
  assert.equal(s.kassa, 'http://kassa:1');
  assert.equal(s.binding, '3');
  assert.equal(s.secret, 'a=b');
  assert.equal(s.hashAlgorithm, 'SHA256');
  assert.deepEqual(s.overrides.shp, { Shp_wallet: '42' });
  assert.equal(s.overrides.badSignature, true);
  assert.throws(() => parseArgs(['--binding']), /needs a value/);
});

// A listening stand-in for Kassa's endpoint: checks each notification like Kassa and
// answers as gateways.md says, so pay() goes over real HTTP both ways.
async function fakeKassa(secret) {
  const seen = [];
  const server = http.createServer(async (req, res) => {
    let body = '';
    for await (const c of req) body += c;
    const m = /^\/payments\/(\w+)\/notify$/.exec(req.url);
    const provider = m?.[1];
    const n = { body, headers: { 'X-Api-Signature-SHA256': req.headers['x-api-signature-sha256'] } };
    seen.push({ provider, body, type: req.headers['content-type'] });
    const f = Object.fromEntries(new URLSearchParams(body));
    if (f.LMI_PREREQUEST === '1') return res.end('YES');
    if (!verifies(provider, n, secret)) return (res.statusCode = 400), res.end('bad sign');
    if (provider === 'ROBOKASSA') return res.end(`OK${f.InvId}`);
    if (provider === 'QIWI') return res.end('{"error": "0"}');
    if (provider === 'MYKASSA') return res.end('YES');
    res.end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, seen, close: () => new Promise((r) => server.close(r)) };
}

test('pay(): sends each provider its notification over HTTP and reads the answer', async () => {
  const kassa = await fakeKassa('shared-secret');
  try {
    for (const [provider, url] of Object.entries(URLS)) {
      const s = settings(parseArgs(['--kassa', kassa.url, '--binding', provider, '--secret', 'shared-secret']).flags, {});
      const { invoice, results } = await pay(url, s, () => {});
      assert.equal(invoice.provider, provider);
      assert.ok(results.length && results.every((r) => r.ok), `${provider}: ${JSON.stringify(results)}`);
      const bad = settings(parseArgs(['--kassa', kassa.url, '--binding', provider, '--secret', 'wrong']).flags, {});
      const refused = await pay(url, bad, () => {});
      assert.equal(refused.results.at(-1).status, 400, `${provider} refused with a wrong secret`);
      assert.equal(refused.results.at(-1).ok, false);
    }
    assert.equal(kassa.seen.filter((x) => x.provider === 'PAYMASTER' && x.body.includes('LMI_PREREQUEST=1')).length, 2, 'PayMaster pre-request first');
    assert.ok(kassa.seen.filter((x) => x.provider === 'QIWI').every((x) => x.type === 'application/json'));
  } finally {
    await kassa.close();
  }
});
