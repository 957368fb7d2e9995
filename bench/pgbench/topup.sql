-- B1 baseline: MOVE_SQL from src/services/moves/statement.rs as a TOP_UP of 1.00 by the
-- cashier (:staff) through payment system :ps on a random customer's wallet. Kassa finds
-- the wallet by its number (a unique-index probe); here by its owner (the same kind of
-- probe; customer wallets have id = owner id in the seeded database). Every step MOVE_SQL
-- takes: the guarded UPDATE (held included), the journal row, both ledger entries, the
-- outbox row and the webhook event steps. The outbox row is written already published, so
-- Kassa's relay does not republish pgbench's rows. A fresh key, checked unused by the guard
-- as MOVE_SQL checks the request's. tests/api/baselines.rs checks that one run writes what
-- Kassa's own top-up writes.
\set id random(:first, :last)
WITH k AS (
    SELECT gen_random_uuid()::text AS key
), w AS (
    UPDATE wallets SET balance = balance + 1.00, held = held - 0::numeric, version = version + 1
    WHERE id = COALESCE(NULL::bigint, (SELECT id FROM wallets WHERE number = NULL::text),
                            (SELECT id FROM wallets WHERE owner_id = :id))
      AND balance - held + 0::numeric + 1.00 >= 0
      AND held - 0::numeric >= 0
      AND NOT EXISTS (SELECT 1 FROM transactions x, k WHERE x.performed_by = :staff AND x.idempotency_key = k.key)
      AND owner_id IS DISTINCT FROM :staff
      AND (:ps::bigint IS NULL OR NULL::bigint IS NOT NULL OR EXISTS (
          SELECT 1 FROM payment_system_bindings p WHERE p.id = :ps AND p.enabled))
      AND ('CASHIER'::text IS NULL
           OR EXISTS (SELECT 1 FROM cashiers c WHERE c.user_id = :staff)
           OR ('CASHIER' = 'STAFF' AND EXISTS (SELECT 1 FROM users u WHERE u.id = :staff AND u.is_admin)))
    RETURNING id, number, owner_id, currency, balance, held, version, created_at
), t AS (
    INSERT INTO transactions (kind, amount, wallet_id, balance_after, wallet_version,
        performed_by, payment_system_id, reference, comment, refund_of, idempotency_key,
        request_hash, invoice_id, held_after)
    SELECT 'TOP_UP', abs(1.00), w.id, w.balance, w.version, :staff, :ps, 'pgbench', NULL, NULL,
           k.key, '\x5f1d6e3f0a2b4c8d9e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d'::bytea, NULL, w.held FROM w, k
    RETURNING *
), e AS (
    INSERT INTO ledger_entries (transaction_id, account, amount)
    SELECT t.id, 'wallet:' || t.wallet_id, 1.00 FROM t
    UNION ALL
    SELECT t.id, 'payment_system:' || :ps, -1.00 FROM t
), o AS (
    INSERT INTO outbox (transaction_id, published_at) SELECT t.id, now() FROM t
), he AS (
    INSERT INTO webhook_events (type, data)
    SELECT 'transaction.created', jsonb_build_object(
        'id', t.id::text, 'kind', t.kind, 'amount', t.amount::text, 'walletNumber', w.number,
        'balanceAfter', t.balance_after::text, 'walletVersion', t.wallet_version,
        'performedById', t.performed_by::text, 'paymentSystemId', t.payment_system_id::text,
        'invoiceId', t.invoice_id::text, 'reference', t.reference, 'comment', t.comment,
        'refundOfId', t.refund_of::text,
        -- RFC 3339 as the API writes it: no fraction, or 3 or 6 digits.
        'createdAt', regexp_replace(regexp_replace(
            to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS.US"Z"'),
            '\.000000Z\Z', 'Z'), '(\.\d{3})000Z\Z', '\1Z'))
    FROM t, w
    WHERE EXISTS (SELECT 1 FROM webhook_endpoints p
                  WHERE p.deleted_at IS NULL AND 'transaction.created' = ANY (p.events))
    RETURNING id
), hd AS (
    INSERT INTO webhook_deliveries (event_id, endpoint_id)
    SELECT he.id, p.id FROM he, webhook_endpoints p
    WHERE p.deleted_at IS NULL AND 'transaction.created' = ANY (p.events)
)
SELECT t.*, w.number AS wallet_number, w.owner_id AS wallet_owner_id,
       w.currency AS wallet_currency, w.created_at AS wallet_created_at
FROM t, w;
