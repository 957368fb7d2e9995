-- Holds: funds reserved on a wallet for one of the portal's orders, then captured as a
-- PAYMENT or released (voided, or expired by the sweeper). available = balance - held,
-- and the database enforces available >= 0 as it enforces balance >= 0.
ALTER TABLE wallets
    ADD COLUMN held NUMERIC(20, 2) NOT NULL DEFAULT 0 CHECK (held >= 0),
    ADD CONSTRAINT wallets_available_not_negative CHECK (balance - held >= 0);

-- The wallet's held amount right after each transaction (a capture releases its hold in
-- the same statement), so a state rebuilt from the journal is exact. Adding a column with
-- a constant default rewrites no row, so the append-only triggers do not fire.
ALTER TABLE transactions ADD COLUMN held_after NUMERIC(20, 2) NOT NULL DEFAULT 0 CHECK (held_after >= 0);

CREATE TABLE holds (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    wallet_id         BIGINT NOT NULL REFERENCES wallets (id),
    amount            NUMERIC(20, 2) NOT NULL CHECK (amount > 0),
    status            TEXT NOT NULL CHECK (status IN ('HELD', 'CAPTURED', 'VOIDED', 'EXPIRED')),
    order_reference   TEXT NOT NULL CHECK (length(order_reference) BETWEEN 1 AND 100),
    description       TEXT,
    -- CAPTURED only: the PAYMENT it became, and how much of the hold that was.
    payment_id        BIGINT UNIQUE REFERENCES transactions (id),
    captured_amount   NUMERIC(20, 2) CHECK (captured_amount > 0 AND captured_amount <= amount),
    -- Who created it: a user, or an API key. api_keys comes from another migration
    -- (000005) that may be merged after this one, so the key id has no foreign key.
    created_by        BIGINT REFERENCES users (id),
    created_by_key_id BIGINT,
    idempotency_key   TEXT NOT NULL,
    request_hash      BYTEA NOT NULL,
    -- Who captured or voided it, with that request's key and fingerprint (a hold is
    -- released once, so one set of columns holds it); null for the sweeper.
    released_by        BIGINT REFERENCES users (id),
    released_by_key_id BIGINT,
    release_key        TEXT,
    release_hash       BYTEA,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at        TIMESTAMPTZ NOT NULL,
    released_at       TIMESTAMPTZ,
    CHECK (num_nonnulls(created_by, created_by_key_id) = 1),
    CHECK (num_nonnulls(released_by, released_by_key_id) <= 1),
    CHECK ((release_key IS NULL) = (release_hash IS NULL)),
    CHECK ((status = 'CAPTURED') = (payment_id IS NOT NULL)),
    CHECK ((status = 'CAPTURED') = (captured_amount IS NOT NULL)),
    CHECK ((status = 'HELD') = (released_at IS NULL))
);
-- Idempotency: (actor, key) is unique per kind of request, as for money moves.
CREATE UNIQUE INDEX holds_user_key_idx ON holds (created_by, idempotency_key) WHERE created_by IS NOT NULL;
CREATE UNIQUE INDEX holds_api_key_key_idx ON holds (created_by_key_id, idempotency_key) WHERE created_by_key_id IS NOT NULL;
CREATE UNIQUE INDEX holds_user_release_idx ON holds (released_by, release_key) WHERE released_by IS NOT NULL;
CREATE UNIQUE INDEX holds_api_key_release_idx ON holds (released_by_key_id, release_key) WHERE released_by_key_id IS NOT NULL;
-- The sweeper looks only at active holds, soonest expiry first.
CREATE INDEX holds_expiry_idx ON holds (status, expires_at) WHERE status = 'HELD';
CREATE INDEX holds_order_idx ON holds (order_reference, id);
CREATE INDEX holds_wallet_idx ON holds (wallet_id, id DESC);

-- The wallet versions that no transaction made: a hold created or released (voided,
-- expired) changes `held`, so it is a version of its own. Together with the journal's
-- versions they number each wallet's versions 1, 2, 3... without a gap. Each row is also
-- its balance event's outbox entry: published after commit, republished by the relay
-- while published_at is null.
CREATE TABLE wallet_changes (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    wallet_id      BIGINT NOT NULL REFERENCES wallets (id),
    wallet_version BIGINT NOT NULL,
    hold_id        BIGINT NOT NULL REFERENCES holds (id),
    -- The hold's status this change gave it: HELD (created), VOIDED or EXPIRED.
    status         TEXT NOT NULL CHECK (status IN ('HELD', 'VOIDED', 'EXPIRED')),
    balance_after  NUMERIC(20, 2) NOT NULL CHECK (balance_after >= 0),
    held_after     NUMERIC(20, 2) NOT NULL CHECK (held_after >= 0),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at   TIMESTAMPTZ,
    UNIQUE (wallet_id, wallet_version),
    UNIQUE (hold_id, status)
);
CREATE INDEX wallet_changes_unpublished_idx ON wallet_changes (created_at) WHERE published_at IS NULL;

-- order(reference): an order's payments by their reference (its refunds by refund_of).
CREATE INDEX transactions_payment_reference_idx ON transactions (reference, id) WHERE kind = 'PAYMENT';
