-- Online top-ups: the customer pays on a payment system's page and the payment system's
-- signed notification credits the wallet (gateways.md).

-- Binding secrets are sealed (AEAD under KASSA_SECRET_KEY) before they are stored; the
-- stored text names the key it was sealed with. `secret` checks notifications,
-- `payment_secret` signs payment links (Robokassa Password #1, MyKassa secret word 1).
ALTER TABLE payment_system_bindings
    ADD COLUMN payment_secret TEXT,
    ADD COLUMN hash_algorithm TEXT NOT NULL DEFAULT 'MD5'
        CHECK (hash_algorithm IN ('MD5', 'RIPEMD160', 'SHA1', 'SHA256', 'SHA384', 'SHA512')),
    ADD COLUMN test_mode BOOLEAN NOT NULL DEFAULT FALSE;

-- One online top-up a customer started. Its number is its id (digits only, as Robokassa's
-- InvId must be). PENDING past expires_at reads as EXPIRED; a later valid notification
-- still credits it. A second payment for a paid invoice becomes an invoice of its own in
-- REVIEW (duplicate_of names the first), so a cashier sees every payment that arrived.
CREATE TABLE top_up_invoices (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    wallet_id         BIGINT NOT NULL REFERENCES wallets (id),
    payment_system_id BIGINT NOT NULL REFERENCES payment_system_bindings (id),
    amount            NUMERIC(20, 2) NOT NULL CHECK (amount > 0),
    currency          TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    status            TEXT NOT NULL CHECK (status IN ('PENDING', 'PAID', 'REVIEW', 'REJECTED')),
    payment_url       TEXT NOT NULL,
    -- The payment system's own id of the payment and what it said was paid, once notified.
    external_id       TEXT,
    paid_amount       NUMERIC(20, 2),
    -- Why a validly signed notification was not credited (REVIEW), for the cashier.
    review_reason     TEXT,
    duplicate_of      BIGINT REFERENCES top_up_invoices (id),
    created_by        BIGINT NOT NULL REFERENCES users (id),
    idempotency_key   TEXT NOT NULL,
    request_hash      BYTEA NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at        TIMESTAMPTZ NOT NULL,
    paid_at           TIMESTAMPTZ,
    -- A cashier's resolution of a REVIEW invoice: credited (PAID) or REJECTED, and why.
    resolved_by       BIGINT REFERENCES users (id),
    resolved_at       TIMESTAMPTZ,
    resolution        TEXT,
    UNIQUE (created_by, idempotency_key),
    CHECK ((status = 'PAID') = (paid_at IS NOT NULL)),
    CHECK ((status = 'REJECTED') <= (resolved_by IS NOT NULL))
);
CREATE INDEX top_up_invoices_wallet_idx ON top_up_invoices (wallet_id, id DESC);
CREATE INDEX top_up_invoices_status_idx ON top_up_invoices (status, id DESC);
-- One payment of a payment system is one invoice, however often it is notified.
CREATE UNIQUE INDEX top_up_invoices_payment_idx ON top_up_invoices (payment_system_id, external_id)
    WHERE external_id IS NOT NULL;

-- The top-up that paid an invoice. Unique: an invoice is credited once, whatever races.
ALTER TABLE transactions
    ADD COLUMN invoice_id BIGINT UNIQUE REFERENCES top_up_invoices (id),
    ADD CONSTRAINT transactions_invoice_is_a_top_up CHECK (invoice_id IS NULL OR kind = 'TOP_UP');

-- Every notification that reached Kassa, valid or not, with its verdict. The body is kept
-- as received (a payment system never sends a binding's secret, only signatures).
CREATE TABLE payment_notifications (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Null when the address named no binding.
    payment_system_id BIGINT REFERENCES payment_system_bindings (id),
    provider          TEXT,
    source_address    TEXT NOT NULL,
    method            TEXT NOT NULL,
    body              TEXT NOT NULL,
    verdict           TEXT NOT NULL,
    detail            TEXT,
    invoice_id        BIGINT REFERENCES top_up_invoices (id),
    external_id       TEXT,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX payment_notifications_created_idx ON payment_notifications (created_at DESC);
CREATE INDEX payment_notifications_invoice_idx ON payment_notifications (invoice_id) WHERE invoice_id IS NOT NULL;

CREATE TRIGGER payment_notifications_append_only BEFORE UPDATE OR DELETE ON payment_notifications
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER payment_notifications_no_truncate BEFORE TRUNCATE ON payment_notifications
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
