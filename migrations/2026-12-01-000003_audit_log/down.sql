DROP TRIGGER cashier_audit_copied ON cashier_audit;
DROP FUNCTION cashier_audit_to_audit_log();
COMMENT ON TABLE cashier_audit IS NULL;
DROP TABLE audit_log;
