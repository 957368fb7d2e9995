-- The audit log is append-only, so entries of the new actions stay; the narrower check
-- holds for new rows only (NOT VALID).
ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN (
    'USER_CREATED', 'ADMIN_CREATED', 'CASHIER_ADDED', 'CASHIER_REMOVED',
    'PAYMENT_SYSTEM_CREATED', 'PAYMENT_SYSTEM_UPDATED', 'SECRETS_ROTATED', 'INVOICE_RESOLVED')) NOT VALID;
DROP TABLE api_keys;
