-- B1 baseline: MOVE_SQL from src/services/moves/statement.rs as a TOP_UP of 1.00 by the
-- cashier (:staff) through payment system :ps on a random customer's wallet. Kassa finds
-- the wallet by its number (a unique-index probe); here by its owner (the same kind of
-- probe; customer wallets have id = owner id in the seeded database). The outbox row is
-- written already published, so Kassa's relay does not republish pgbench's rows. A fresh key,
-- checked unused by the guard as MOVE_SQL checks the request's.
\set id random(:first, :last)
WITH k AS (
    SELECT gen_random_uuid()::text AS key
), w AS (
    UPDATE wallets SET balance = balance + 1.00, version = version + 1
    WHERE id = COALESCE(NULL::bigint, (SELECT id FROM wallets WHERE number = NULL::text),
                            (SELECT id FROM wallets WHERE owner_id = :id))
      AND balance + 1.00 >= 0
      AND NOT EXISTS (SELECT 1 FROM transactions x, k WHERE x.performed_by = :staff AND x.idempotency_key = k.key)
      AND owner_id IS DISTINCT FROM :staff
      AND (:ps::bigint IS NULL OR EXISTS (
          SELECT 1 FROM payment_system_bindings p WHERE p.id = :ps AND p.enabled))
      AND ('CASHIER'::text IS NULL
           OR EXISTS (SELECT 1 FROM cashiers c WHERE c.user_id = :staff)
           OR ('CASHIER' = 'STAFF' AND EXISTS (SELECT 1 FROM users u WHERE u.id = :staff AND u.is_admin)))
    RETURNING id, number, owner_id, currency, balance, version, created_at
), t AS (
    INSERT INTO transactions (kind, amount, wallet_id, balance_after, wallet_version,
        performed_by, payment_system_id, reference, comment, refund_of, idempotency_key,
        request_hash)
    SELECT 'TOP_UP', abs(1.00), w.id, w.balance, w.version, :staff, :ps, 'pgbench', NULL, NULL,
           (SELECT key FROM k), '\x5f1d6e3f0a2b4c8d9e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d'::bytea FROM w
    RETURNING *
), e AS (
    INSERT INTO ledger_entries (transaction_id, account, amount)
    SELECT t.id, 'wallet:' || t.wallet_id, 1.00 FROM t
    UNION ALL
    SELECT t.id, 'payment_system:' || :ps, -1.00 FROM t
), o AS (
    INSERT INTO outbox (transaction_id, published_at) SELECT t.id, now() FROM t
)
SELECT t.*, w.number AS wallet_number, w.owner_id AS wallet_owner_id,
       w.currency AS wallet_currency, w.created_at AS wallet_created_at
FROM t, w;
