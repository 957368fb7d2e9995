-- Users who come from the portal's sign-in (portal JWTs): `external_id` is the token's
-- `sub`. Unique, so that concurrent first requests create one user (INSERT ... ON
-- CONFLICT). Such a user has no password: their password_hash is '!', which is no PHC
-- string and so can never match, and signIn does not even look at them.
ALTER TABLE users
    ADD COLUMN external_id TEXT UNIQUE CHECK (length(external_id) BETWEEN 1 AND 255),
    ADD CONSTRAINT users_portal_no_password CHECK (external_id IS NULL OR password_hash = '!');
