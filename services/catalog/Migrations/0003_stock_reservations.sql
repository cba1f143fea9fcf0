-- One row per order that asked for stock: the outcome of the first Reserve call, returned again on repeats.
CREATE TABLE stock_reservations (
    order_id    uuid        PRIMARY KEY,
    state       text        NOT NULL CHECK (state IN ('reserved', 'rejected', 'committed', 'released', 'expired')),
    -- For rejected reservations: why, and which SKUs, so a repeat answers exactly as the first call did.
    reject_outcome  text    NULL,
    failed_sku_ids  uuid[]  NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stock_reservations_expiring ON stock_reservations (expires_at) WHERE state = 'reserved';

CREATE TABLE stock_reservation_lines (
    order_id  uuid    NOT NULL REFERENCES stock_reservations (order_id) ON DELETE CASCADE,
    sku_id    uuid    NOT NULL REFERENCES skus (id),
    quantity  integer NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, sku_id)
);
