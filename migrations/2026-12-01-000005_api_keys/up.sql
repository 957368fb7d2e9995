-- API keys of the portal's back end. Only the SHA-256 of the secret is kept: the secret is
-- 32 random bytes (256 bits), so nobody can guess it or search for it from its hash, and a
-- slow password hash would only cost time on every request without protecting anything more.
CREATE TABLE api_keys (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    scopes       TEXT[] NOT NULL CHECK (
        cardinality(scopes) >= 1 AND scopes <@ ARRAY['PAYMENTS_READ', 'PAYMENTS_WRITE']::TEXT[]),
    -- The first characters of the secret, shown to tell keys apart.
    prefix       TEXT NOT NULL,
    secret_hash  BYTEA NOT NULL UNIQUE CHECK (octet_length(secret_hash) = 32),
    created_by   BIGINT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Written at most once a minute per key and instance, not on every request.
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);

-- The audit log records API keys and webhook endpoints too.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN (
    'USER_CREATED', 'ADMIN_CREATED', 'CASHIER_ADDED', 'CASHIER_REMOVED',
    'PAYMENT_SYSTEM_CREATED', 'PAYMENT_SYSTEM_UPDATED', 'SECRETS_ROTATED', 'INVOICE_RESOLVED',
    'API_KEY_CREATED', 'API_KEY_REVOKED', 'WEBHOOK_ENDPOINT_CREATED', 'WEBHOOK_ENDPOINT_DELETED'));
