-- Payouts to a person's wallet (commission withdrawals). The id is the caller's (its idempotency key); the row is
-- committed before the provider is asked, under that id as the provider's reference, so a repeat after a lost answer
-- asks again and the provider answers the first payout. Status moves once: pending → succeeded | failed.
CREATE TABLE payouts (
    id                  uuid        PRIMARY KEY,
    user_id             uuid        NOT NULL,
    amount              bigint      NOT NULL CHECK (amount > 0),
    currency            text        NOT NULL,
    description         text        NOT NULL,
    provider            text        NOT NULL,
    status              text        NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    provider_payout_id  text        NULL,
    failure_reason      text        NULL,
    created_at          timestamptz NOT NULL,
    decided_at          timestamptz NULL
);
CREATE INDEX payouts_user ON payouts (user_id, created_at DESC);
