DROP INDEX transactions_payment_reference_idx;
DROP TABLE wallet_changes;
DROP TABLE holds;
ALTER TABLE transactions DROP COLUMN held_after;
ALTER TABLE wallets DROP CONSTRAINT wallets_available_not_negative, DROP COLUMN held;
