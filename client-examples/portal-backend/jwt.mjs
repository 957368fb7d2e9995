// The portal's own sign-in, as Kassa sees it: an HS256 JWT signed with the secret the
// portal shares with Kassa (KASSA_JWT_HS256_SECRET on Kassa's side), made with `jose`.
// A portal with its own key pair would publish a JWKS instead (KASSA_JWT_JWKS_URL).
import { SignJWT } from 'jose';

/**
 * A token for the portal's user `sub` (Kassa's User.externalId), valid `ttlSeconds`.
 * `issuer` and `audience` must match KASSA_JWT_ISSUER / KASSA_JWT_AUDIENCE when those are set.
 */
export async function mint(secret, { sub, email, name, issuer, audience, ttlSeconds = 900 }) {
  let jwt = new SignJWT({ ...(email && { email }), ...(name && { name }) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`);
  if (issuer) jwt = jwt.setIssuer(issuer);
  if (audience) jwt = jwt.setAudience(audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
