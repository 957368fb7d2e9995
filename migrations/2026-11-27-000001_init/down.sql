DROP TABLE outbox, ledger_entries, transactions, payment_system_bindings, cashier_audit,
    cashiers, wallets, sessions, users;
DROP FUNCTION refuse_change();
