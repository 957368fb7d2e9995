DROP TABLE access_notices;
DROP TRIGGER transactions_refund_rules ON transactions;
DROP FUNCTION check_refund();
