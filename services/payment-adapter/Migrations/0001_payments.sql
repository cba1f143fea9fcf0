-- A payment is our record of asking a provider for an order's money. Status moves only by guarded updates:
-- pending → succeeded | failed, failed → succeeded (the payer paid after all: money received is never ignored),
-- succeeded → partially-refunded → refunded.
CREATE TABLE payments (
    id                   uuid        PRIMARY KEY,
    order_id             uuid        NOT NULL,
    user_id              uuid        NOT NULL,
    amount               bigint      NOT NULL CHECK (amount > 0),
    currency             text        NOT NULL,
    description          text        NOT NULL,
    provider             text        NOT NULL,
    provider_payment_id  text        NULL UNIQUE,
    pay_url              text        NULL,
    status               text        NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'partially-refunded', 'refunded')),
    -- Refunds accepted (pending or done) and refunds confirmed: the first guards new refunds, so concurrent
    -- requests can never promise back more than was paid.
    refund_committed     bigint      NOT NULL DEFAULT 0 CHECK (refund_committed BETWEEN 0 AND amount),
    refunded_amount      bigint      NOT NULL DEFAULT 0 CHECK (refunded_amount BETWEEN 0 AND refund_committed),
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    decided_at           timestamptz NULL,
    -- The reconciliation job's lease: when this payment may next be checked with the provider.
    next_check_at        timestamptz NOT NULL
);
-- One open payment per order: a second CreatePayment for the order finds this one.
CREATE UNIQUE INDEX payments_one_open_per_order ON payments (order_id) WHERE status = 'pending';
CREATE INDEX payments_order ON payments (order_id, created_at DESC);
CREATE INDEX payments_pending_check ON payments (next_check_at) WHERE status = 'pending';

CREATE TABLE refunds (
    -- Chosen by order: the idempotency key of the refund.
    id                  uuid        PRIMARY KEY,
    payment_id          uuid        NOT NULL REFERENCES payments (id),
    amount              bigint      NOT NULL CHECK (amount > 0),
    reason              text        NOT NULL,
    status              text        NOT NULL CHECK (status IN ('pending', 'succeeded')),
    provider_refund_id  text        NULL,
    created_at          timestamptz NOT NULL,
    succeeded_at        timestamptz NULL,
    next_check_at       timestamptz NOT NULL
);
CREATE INDEX refunds_payment ON refunds (payment_id);
CREATE INDEX refunds_pending_check ON refunds (next_check_at) WHERE status = 'pending';

-- Provider events already applied: a replayed or duplicated callback finds its id here and changes nothing.
CREATE TABLE webhook_events (
    provider     text        NOT NULL,
    event_id     text        NOT NULL,
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (provider, event_id)
);
