-- B3 baseline: the two SELECTs behind myWallet { balance } and its first history page
-- (transactions(first: 20) fetches 21 rows to know whether another page follows), as
-- diesel sends them. Customer wallets have id = owner id in the seeded database.
\set id random(:first, :last)
SELECT wallets.id, wallets.number, wallets.owner_id, wallets.currency, wallets.balance, wallets.version,
       wallets.created_at
FROM wallets WHERE wallets.owner_id = :id LIMIT 1;
SELECT transactions.id, transactions.kind, transactions.amount, transactions.wallet_id,
       transactions.balance_after, transactions.wallet_version, transactions.performed_by,
       transactions.payment_system_id, transactions.reference, transactions.comment,
       transactions.refund_of, transactions.idempotency_key, transactions.request_hash,
       transactions.created_at
FROM transactions WHERE transactions.wallet_id = :id ORDER BY transactions.id DESC LIMIT 21;
