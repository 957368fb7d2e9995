// The portal's webhook check against a digest computed independently (Python's hmac):
// hmac.new(b'whsec_test', b'1764590400.{"id":"e1"}', hashlib.sha256).hexdigest()
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sign, verify, TOLERANCE_SECONDS } from './signature.mjs';

const SECRET = 'whsec_test';
const BODY = '{"id":"e1"}';
const T = 1764590400;
const DIGEST = '798bf882617da30fa0b641dbb737ed10b8a11c69bd892501a160b10ec464a5be';

test('signs "<t>.<raw body>" with HMAC-SHA256', () => {
  assert.equal(sign(SECRET, BODY, T), `t=${T},v1=${DIGEST}`);
});

test('accepts the signature within the tolerance, from a Buffer or a string', () => {
  assert.ok(verify(SECRET, `t=${T},v1=${DIGEST}`, Buffer.from(BODY), T + 10));
  assert.ok(verify(SECRET, `t=${T}, v1=${DIGEST}`, BODY, T - TOLERANCE_SECONDS));
});

test('refuses a changed body, another secret, an old or missing t, a malformed v1', () => {
  const header = `t=${T},v1=${DIGEST}`;
  assert.ok(!verify(SECRET, header, '{"id":"e2"}', T));
  assert.ok(!verify('whsec_other', header, BODY, T));
  assert.ok(!verify(SECRET, header, BODY, T + TOLERANCE_SECONDS + 1));
  assert.ok(!verify(SECRET, `v1=${DIGEST}`, BODY, T));
  assert.ok(!verify(SECRET, `t=${T},v1=${DIGEST.slice(2)}`, BODY, T));
  assert.ok(!verify(SECRET, undefined, BODY, T));
});
