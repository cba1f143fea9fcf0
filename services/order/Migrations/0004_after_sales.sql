-- A shopper's request for money back after delivery. One open request per order at a time.
CREATE TABLE refund_requests (
    id             uuid        PRIMARY KEY,
    order_id       uuid        NOT NULL REFERENCES orders (id),
    user_id        uuid        NOT NULL,
    merchant_id    uuid        NOT NULL,
    status         text        NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'escalated')),
    -- The order's status before the request, restored when it is rejected.
    order_status   text        NOT NULL,
    reason         text        NOT NULL,
    amount         bigint      NOT NULL CHECK (amount > 0),
    lines          jsonb       NOT NULL,
    created_at     timestamptz NOT NULL,
    decided_at     timestamptz NULL,
    decided_by     uuid        NULL,
    decision_note  text        NULL,
    escalated_at   timestamptz NULL
);
CREATE UNIQUE INDEX refund_requests_one_open ON refund_requests (order_id) WHERE status IN ('pending', 'escalated');
CREATE INDEX refund_requests_merchant ON refund_requests (merchant_id, created_at DESC);
CREATE INDEX refund_requests_escalated ON refund_requests (escalated_at) WHERE status = 'escalated';

-- Money going back. The id is the refund's idempotency key at payment-adapter.
-- kind: cancellation (a paid order cancelled), after-sales (an approved request), late-payment (paid after cancel).
CREATE TABLE refunds (
    id                 uuid        PRIMARY KEY,
    order_id           uuid        NOT NULL REFERENCES orders (id),
    refund_request_id  uuid        NULL REFERENCES refund_requests (id),
    kind               text        NOT NULL CHECK (kind IN ('cancellation', 'after-sales', 'late-payment')),
    payment_id         uuid        NOT NULL,
    amount             bigint      NOT NULL CHECK (amount > 0),
    lines              jsonb       NOT NULL,
    status             text        NOT NULL CHECK (status IN ('pending', 'succeeded')),
    created_at         timestamptz NOT NULL,
    succeeded_at       timestamptz NULL
);
CREATE INDEX refunds_order ON refunds (order_id);

-- Calls to other services that a committed state change owes (release or restock stock, refund money), written
-- in the same transaction and retried until they succeed: the command-side twin of the outbox.
CREATE TABLE order_tasks (
    id               uuid        PRIMARY KEY,
    order_id         uuid        NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('commit-stock', 'release-stock', 'restock', 'refund')),
    payload          jsonb       NOT NULL,
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    last_error       text        NULL,
    created_at       timestamptz NOT NULL,
    done_at          timestamptz NULL
);
CREATE INDEX order_tasks_due ON order_tasks (next_attempt_at) WHERE done_at IS NULL;
