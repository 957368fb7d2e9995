-- Kassa's data model. PostgreSQL is the only truth; see docs/ and DESIGN.md.

CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Stored lower-cased, so uniqueness is case-insensitive.
    email         TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_admin      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Bearer tokens are stored as their SHA-256, never in the clear.
CREATE TABLE sessions (
    token_hash BYTEA PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE wallets (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number     TEXT NOT NULL UNIQUE CHECK (number ~ '^[0-9]{12}$'),
    owner_id   BIGINT NOT NULL UNIQUE REFERENCES users (id),
    currency   TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    balance    NUMERIC(20, 2) NOT NULL DEFAULT 0 CHECK (balance >= 0),
    version    BIGINT NOT NULL DEFAULT 0 CHECK (version >= 0),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Current cashiers; every appointment and removal is kept in cashier_audit.
CREATE TABLE cashiers (
    user_id  BIGINT PRIMARY KEY REFERENCES users (id),
    added_by BIGINT REFERENCES users (id),
    added_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE cashier_audit (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id  BIGINT NOT NULL REFERENCES users (id),
    action   TEXT NOT NULL CHECK (action IN ('added', 'removed')),
    actor_id BIGINT REFERENCES users (id),
    at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE payment_system_bindings (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider    TEXT NOT NULL CHECK (provider IN ('YOOMONEY', 'QIWI', 'PAYMASTER', 'MYKASSA', 'ROBOKASSA', 'OTHER')),
    name        TEXT NOT NULL,
    enabled     BOOLEAN NOT NULL,
    merchant_id TEXT,
    secret      TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The append-only journal of money moves. Each row carries the wallet's state right
-- after it, so the chain of versions and balances can be checked end to end.
CREATE TABLE transactions (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind              TEXT NOT NULL CHECK (kind IN ('TOP_UP', 'WRITE_OFF', 'PAYMENT', 'REFUND')),
    amount            NUMERIC(20, 2) NOT NULL CHECK (amount > 0),
    wallet_id         BIGINT NOT NULL REFERENCES wallets (id),
    balance_after     NUMERIC(20, 2) NOT NULL CHECK (balance_after >= 0),
    wallet_version    BIGINT NOT NULL,
    performed_by      BIGINT NOT NULL REFERENCES users (id),
    payment_system_id BIGINT REFERENCES payment_system_bindings (id),
    reference         TEXT,
    comment           TEXT,
    refund_of         BIGINT REFERENCES transactions (id),
    idempotency_key   TEXT NOT NULL,
    request_hash      BYTEA NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (performed_by, idempotency_key),
    UNIQUE (wallet_id, wallet_version),
    CHECK ((kind = 'TOP_UP') = (payment_system_id IS NOT NULL)),
    CHECK ((kind = 'REFUND') = (refund_of IS NOT NULL))
);
CREATE INDEX transactions_wallet_idx ON transactions (wallet_id, id DESC);
CREATE INDEX transactions_created_idx ON transactions (created_at DESC, id DESC);
CREATE INDEX transactions_refund_of_idx ON transactions (refund_of) WHERE refund_of IS NOT NULL;

-- Double entry: every transaction posts +amount to one account and -amount to another.
-- Accounts are 'wallet:<id>', 'payment_system:<id>' (cash received), 'written_off' and
-- 'sales'. System accounts are never a row that is updated, so nothing but the customer's
-- wallet row is ever contended; their balances are sums over this table.
CREATE TABLE ledger_entries (
    transaction_id BIGINT NOT NULL REFERENCES transactions (id),
    account        TEXT NOT NULL,
    amount         NUMERIC(20, 2) NOT NULL CHECK (amount <> 0),
    PRIMARY KEY (transaction_id, account)
);
CREATE INDEX ledger_entries_account_idx ON ledger_entries (account);

-- Balance events written with the money move; published after commit, and republished by
-- the relay while published_at is null.
CREATE TABLE outbox (
    transaction_id BIGINT PRIMARY KEY REFERENCES transactions (id),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at   TIMESTAMPTZ
);
CREATE INDEX outbox_unpublished_idx ON outbox (created_at) WHERE published_at IS NULL;

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$;

CREATE TRIGGER transactions_append_only BEFORE UPDATE OR DELETE ON transactions
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER transactions_no_truncate BEFORE TRUNCATE ON transactions
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
