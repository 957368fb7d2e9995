-- The peers' top-up (docs/benchmarks.md, "Peers"): installed in the benchmark database only,
-- never used by Kassa. kassa_bench_top_up runs MOVE_SQL from src/services/moves/statement.rs
-- as a TOP_UP by the cashier through the payment system, on the wallet with this number: the
-- guarded UPDATE, the journal row, both ledger entries, the outbox row and the webhook event
-- steps, in one statement. As in bench/pgbench/topup.sql, the outbox row is written already
-- published, so Kassa's relay does not republish a peer's top-ups.
--
-- The cashier and the payment system come from the database's settings kassa_bench.staff_id and
-- kassa_bench.payment_system_id (ALTER DATABASE ... SET, by scripts/bench.sh --peers and the
-- smoke test), read once per call without a query: the peers authenticate no one.
--
-- kassa_bench_top_up_notify is the same plus pg_notify inside the same transaction, on channel
-- kassa_bench_wallet:<wallet id>: PostGraphile's native live event. Apollo calls the plain one
-- and publishes to Redis after it returns. Both return the journal row (NULL when refused).

CREATE OR REPLACE FUNCTION kassa_bench_top_up(wallet_no text, top_up numeric, receipt text, idem_key text)
RETURNS transactions
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    staff bigint := current_setting('kassa_bench.staff_id')::bigint;
    ps bigint := current_setting('kassa_bench.payment_system_id')::bigint;
    moved transactions;
BEGIN
    WITH w AS (
        UPDATE wallets SET balance = balance + top_up, held = held - 0::numeric, version = version + 1
        WHERE id = COALESCE(NULL::bigint, (SELECT id FROM wallets WHERE number = wallet_no),
                                (SELECT id FROM wallets WHERE owner_id = NULL::bigint))
          AND balance - held + 0::numeric + top_up >= 0
          AND held - 0::numeric >= 0
          AND NOT EXISTS (SELECT 1 FROM transactions x WHERE x.performed_by = staff AND x.idempotency_key = idem_key)
          AND owner_id IS DISTINCT FROM staff
          AND (ps IS NULL OR NULL::bigint IS NOT NULL OR EXISTS (
              SELECT 1 FROM payment_system_bindings p WHERE p.id = ps AND p.enabled))
          AND ('CASHIER'::text IS NULL
               OR EXISTS (SELECT 1 FROM cashiers c WHERE c.user_id = staff)
               OR ('CASHIER' = 'STAFF' AND EXISTS (SELECT 1 FROM users u WHERE u.id = staff AND u.is_admin)))
        RETURNING id, number, owner_id, currency, balance, held, version, created_at
    ), t AS (
        INSERT INTO transactions (kind, amount, wallet_id, balance_after, wallet_version,
            performed_by, payment_system_id, reference, comment, refund_of, idempotency_key,
            request_hash, invoice_id, held_after)
        SELECT 'TOP_UP', abs(top_up), w.id, w.balance, w.version, staff, ps, receipt, NULL, NULL, idem_key,
               sha256(convert_to(json_build_array(wallet_no, top_up::text, ps, receipt)::text, 'UTF8')),
               NULL, w.held
        FROM w
        RETURNING *
    ), e AS (
        INSERT INTO ledger_entries (transaction_id, account, amount)
        SELECT t.id, 'wallet:' || t.wallet_id, top_up FROM t
        UNION ALL
        SELECT t.id, 'payment_system:' || ps, -top_up FROM t
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
            'createdAt', regexp_replace(regexp_replace(
                to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
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
    SELECT t.* INTO moved FROM t, w;
    RETURN moved;
END
$fn$;

CREATE OR REPLACE FUNCTION kassa_bench_top_up_notify(wallet_no text, top_up numeric, receipt text, idem_key text)
RETURNS transactions
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    moved transactions := kassa_bench_top_up(wallet_no, top_up, receipt, idem_key);
BEGIN
    IF moved.id IS NOT NULL THEN
        PERFORM pg_notify('kassa_bench_wallet:' || moved.wallet_id, json_build_object(
            'version', moved.wallet_version, 'balance', moved.balance_after::text,
            'transaction', json_build_object('id', moved.id::text,
                'createdAt', to_char(moved.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')))::text);
    END IF;
    RETURN moved;
END
$fn$;
