DROP TABLE payment_notifications;
ALTER TABLE transactions DROP COLUMN invoice_id;
DROP TABLE top_up_invoices;
ALTER TABLE payment_system_bindings
    DROP COLUMN payment_secret,
    DROP COLUMN hash_algorithm,
    DROP COLUMN test_mode;
