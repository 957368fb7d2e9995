-- The database enforces the refund rules itself, not only the code: a REFUND returns part
-- or all of a PAYMENT on the same wallet, and the refunds of a payment never add up to
-- more than it. The payment row is locked first, so concurrent refunds of one payment
-- take turns (the application locks it too, in the same order).
CREATE FUNCTION check_refund() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    paid     transactions%ROWTYPE;
    refunded NUMERIC(20, 2);
BEGIN
    SELECT * INTO paid FROM transactions WHERE id = NEW.refund_of FOR UPDATE;
    IF NOT FOUND OR paid.kind <> 'PAYMENT' THEN
        RAISE EXCEPTION 'a refund must return a PAYMENT (transaction %)', NEW.refund_of
            USING ERRCODE = 'check_violation', CONSTRAINT = 'refund_of_a_payment';
    END IF;
    IF paid.wallet_id <> NEW.wallet_id THEN
        RAISE EXCEPTION 'a refund goes to the wallet of its payment (transaction %)', NEW.refund_of
            USING ERRCODE = 'check_violation', CONSTRAINT = 'refund_to_the_same_wallet';
    END IF;
    SELECT coalesce(sum(amount), 0) INTO refunded FROM transactions WHERE refund_of = NEW.refund_of;
    IF refunded + NEW.amount > paid.amount THEN
        RAISE EXCEPTION 'refunds of transaction % would exceed its amount', NEW.refund_of
            USING ERRCODE = 'check_violation', CONSTRAINT = 'refunds_within_the_payment';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER transactions_refund_rules BEFORE INSERT ON transactions
    FOR EACH ROW WHEN (NEW.kind = 'REFUND') EXECUTE FUNCTION check_refund();

-- Access notices (a sign-out, a cashier appointed or removed) are kept like balance
-- events: written with the change, published after commit, and republished by the relay
-- while published_at is null, so no instance keeps trusting a session that ended.
CREATE TABLE access_notices (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The notice as sent between instances (JSON).
    body         TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at TIMESTAMPTZ
);
CREATE INDEX access_notices_unpublished_idx ON access_notices (created_at) WHERE published_at IS NULL;
