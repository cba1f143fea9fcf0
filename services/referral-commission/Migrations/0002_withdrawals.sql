-- Withdrawals of available commission, paid out to the user's wallet through payment-adapter (payout id = withdrawal id).
-- They are ledger lines too: a pending or paid withdrawal takes its amount out of available; a failed one gives it back by
-- no longer counting. One per user and Idempotency-Key. status moves once: pending → paid | failed.
CREATE TABLE withdrawals (
    id               uuid        PRIMARY KEY,
    user_id          uuid        NOT NULL,
    idempotency_key  text        NOT NULL,
    amount           bigint      NOT NULL CHECK (amount > 0),
    currency         text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('pending', 'paid', 'failed')),
    failure_reason   text        NULL,
    requested_at     timestamptz NOT NULL,
    decided_at       timestamptz NULL,
    -- When the payout may next be tried (a lease: whoever takes it moves it on), and how often it was.
    next_attempt_at  timestamptz NOT NULL,
    attempts         integer     NOT NULL DEFAULT 0,
    UNIQUE (user_id, idempotency_key)
);
CREATE INDEX withdrawals_user ON withdrawals (user_id, id DESC);
CREATE INDEX withdrawals_owed ON withdrawals (next_attempt_at) WHERE status = 'pending';
