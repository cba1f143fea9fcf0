-- Readable order numbers: the day plus a global counter (e.g. 26112200000042), unique without coordination.
CREATE SEQUENCE order_numbers;

-- Status moves only by UPDATEs guarded by the status they leave (Orders/OrderTransitions.cs):
--   awaiting-payment → paid → shipped → delivered → completed
--   awaiting-payment | paid → cancelled (a paid one is refunded)
--   delivered | completed | partially-refunded → refund-requested → refunding → refunded | partially-refunded
--   refund-requested → back to where it came from when the merchant rejects
CREATE TABLE orders (
    id                uuid        PRIMARY KEY,
    order_no          text        NOT NULL UNIQUE,
    user_id           uuid        NOT NULL,
    shop_id           uuid        NOT NULL,
    merchant_id       uuid        NOT NULL,
    status            text        NOT NULL CHECK (status IN ('awaiting-payment', 'paid', 'shipped', 'delivered', 'completed',
                                      'cancelled', 'refund-requested', 'refunding', 'refunded', 'partially-refunded')),
    total             bigint      NOT NULL CHECK (total > 0),
    currency          text        NOT NULL,
    shipping_address  jsonb       NOT NULL,
    referral_code     text        NULL,
    payment_id        uuid        NULL,
    pay_url           text        NULL,
    -- Money in and out. refund_committed counts refunds accepted (pending or done) and guards new ones, so concurrent
    -- requests can never promise back more than was paid; refunded_amount counts refunds the provider confirmed.
    paid_amount       bigint      NOT NULL DEFAULT 0,
    refund_committed  bigint      NOT NULL DEFAULT 0 CHECK (refund_committed BETWEEN 0 AND paid_amount),
    refunded_amount   bigint      NOT NULL DEFAULT 0 CHECK (refunded_amount BETWEEN 0 AND refund_committed),
    cancel_reason     text        NULL,
    created_at        timestamptz NOT NULL,
    expires_at        timestamptz NOT NULL,
    paid_at           timestamptz NULL,
    shipped_at        timestamptz NULL,
    delivered_at      timestamptz NULL,
    completed_at      timestamptz NULL,
    cancelled_at      timestamptz NULL,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX orders_user ON orders (user_id, id DESC);
CREATE INDEX orders_merchant ON orders (merchant_id, id DESC);
CREATE INDEX orders_unpaid ON orders (expires_at) WHERE status = 'awaiting-payment';
CREATE INDEX orders_delivered ON orders (delivered_at) WHERE status IN ('delivered', 'partially-refunded');

-- Prices are the catalog's at checkout; later price changes never touch a placed order.
CREATE TABLE order_lines (
    order_id           uuid    NOT NULL REFERENCES orders (id),
    sku_id             uuid    NOT NULL,
    product_id         uuid    NOT NULL,
    title              text    NOT NULL,
    attributes         jsonb   NOT NULL,
    unit_price         bigint  NOT NULL CHECK (unit_price >= 0),
    quantity           integer NOT NULL CHECK (quantity > 0),
    -- Units promised back by accepted refunds; a line is never refunded past what was bought.
    refunded_quantity  integer NOT NULL DEFAULT 0 CHECK (refunded_quantity BETWEEN 0 AND quantity),
    PRIMARY KEY (order_id, sku_id)
);

CREATE TABLE order_status_history (
    id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id  uuid        NOT NULL REFERENCES orders (id),
    status    text        NOT NULL,
    note      text        NULL,
    at        timestamptz NOT NULL
);
CREATE INDEX order_status_history_order ON order_status_history (order_id, id);

-- Idempotency-Key of checkout: the key's order id is stored before any work, so a retry after a crash resumes
-- the same order; the answer is stored after it, so a repeat gets the first answer.
CREATE TABLE checkout_requests (
    user_id          uuid        NOT NULL,
    idempotency_key  text        NOT NULL,
    request_hash     text        NOT NULL,
    order_id         uuid        NOT NULL,
    status_code      integer     NULL,
    response         jsonb       NULL,
    created_at       timestamptz NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);
