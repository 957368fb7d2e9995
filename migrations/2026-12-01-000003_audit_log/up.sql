-- Every administrative act, written in the same transaction as the act. Append-only, as
-- the journal is: the database refuses UPDATE, DELETE and TRUNCATE.
CREATE TABLE audit_log (
    id                        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action                    TEXT NOT NULL CHECK (action IN (
        'USER_CREATED', 'ADMIN_CREATED', 'CASHIER_ADDED', 'CASHIER_REMOVED',
        'PAYMENT_SYSTEM_CREATED', 'PAYMENT_SYSTEM_UPDATED', 'SECRETS_ROTATED', 'INVOICE_RESOLVED')),
    -- Null when done from the command line.
    actor_id                  BIGINT REFERENCES users (id),
    subject_user_id           BIGINT REFERENCES users (id),
    subject_payment_system_id BIGINT REFERENCES payment_system_bindings (id),
    -- For people to read; never a secret.
    details                   TEXT NOT NULL,
    created_at                TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_action_idx ON audit_log (action, id DESC);

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- cashier_audit's history moves into the audit log. The table itself stays one release
-- (migrations stay compatible with the previous release during a rolling upgrade): new
-- instances no longer write it, and what an old instance still writes there is copied
-- into the audit log by the trigger below. Drop both in the next release.
INSERT INTO audit_log (action, actor_id, subject_user_id, details, created_at)
SELECT CASE action WHEN 'added' THEN 'CASHIER_ADDED' ELSE 'CASHIER_REMOVED' END,
       actor_id, user_id, 'cashier ' || action || ' (from cashier_audit)', at
FROM cashier_audit
ORDER BY id;

CREATE FUNCTION cashier_audit_to_audit_log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_log (action, actor_id, subject_user_id, details, created_at)
    VALUES (CASE NEW.action WHEN 'added' THEN 'CASHIER_ADDED' ELSE 'CASHIER_REMOVED' END,
            NEW.actor_id, NEW.user_id, 'cashier ' || NEW.action || ' (by an older instance)', NEW.at);
    RETURN NEW;
END;
$$;
CREATE TRIGGER cashier_audit_copied AFTER INSERT ON cashier_audit
    FOR EACH ROW EXECUTE FUNCTION cashier_audit_to_audit_log();
COMMENT ON TABLE cashier_audit IS 'Deprecated: replaced by audit_log (rows copied there); drop next release.';
