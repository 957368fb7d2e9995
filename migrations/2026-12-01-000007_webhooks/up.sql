-- Signed webhooks to the portal. An event is written in the transaction that made it, with
-- one delivery per live endpoint subscribed to its type (an outbox: at least once). The
-- delivery worker claims due deliveries (FOR UPDATE SKIP LOCKED), sends them and records
-- every attempt for the admins' delivery log.

CREATE TABLE webhook_endpoints (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url            TEXT NOT NULL CHECK (length(url) BETWEEN 1 AND 2048),
    events         TEXT[] NOT NULL CHECK (cardinality(events) > 0),
    -- Sealed with KASSA_SECRET_KEY, like the payment systems' secrets.
    signing_secret TEXT NOT NULL,
    created_by     BIGINT REFERENCES users (id),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Soft delete: the delivery log keeps its endpoint.
    deleted_at     TIMESTAMPTZ
);

-- Append-only, as the journal is: a retry sends the very same event.
CREATE TABLE webhook_events (
    id         TEXT PRIMARY KEY DEFAULT gen_random_uuid()::text,
    type       TEXT NOT NULL,
    data       JSONB NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TRIGGER webhook_events_append_only BEFORE UPDATE OR DELETE ON webhook_events
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE webhook_deliveries (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id         TEXT NOT NULL REFERENCES webhook_events (id),
    endpoint_id      BIGINT NOT NULL REFERENCES webhook_endpoints (id),
    status           TEXT NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts         INT NOT NULL DEFAULT 0,
    -- While an attempt is in flight this is its lease: no other instance claims it before.
    next_attempt_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_status_code INT,
    -- Short, and never a secret.
    last_error       TEXT,
    last_latency_ms  INT,
    delivered_at     TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id) WHERE status = 'PENDING';

-- Every attempt, for the delivery log.
CREATE TABLE webhook_attempts (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id  BIGINT NOT NULL REFERENCES webhook_deliveries (id),
    endpoint_id  BIGINT NOT NULL REFERENCES webhook_endpoints (id),
    attempted_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    status_code  INT,
    latency_ms   INT NOT NULL,
    error        TEXT
);
CREATE INDEX webhook_attempts_endpoint_idx ON webhook_attempts (endpoint_id, id DESC);

-- The audit actions of the portal's branches (000005 widens the same CHECK: either order works).
ALTER TABLE audit_log DROP CONSTRAINT IF EXISTS audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN (
    'USER_CREATED', 'ADMIN_CREATED', 'CASHIER_ADDED', 'CASHIER_REMOVED',
    'PAYMENT_SYSTEM_CREATED', 'PAYMENT_SYSTEM_UPDATED', 'SECRETS_ROTATED', 'INVOICE_RESOLVED',
    'API_KEY_CREATED', 'API_KEY_REVOKED', 'WEBHOOK_ENDPOINT_CREATED', 'WEBHOOK_ENDPOINT_DELETED'));
