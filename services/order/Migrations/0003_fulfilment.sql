CREATE TABLE shipments (
    order_id     uuid        PRIMARY KEY REFERENCES orders (id),
    carrier      text        NOT NULL,
    tracking_no  text        NOT NULL,
    created_at   timestamptz NOT NULL,
    UNIQUE (carrier, tracking_no)
);

-- Tracking events as the carrier reported them; its event id makes a redelivered callback a no-op.
CREATE TABLE tracking_events (
    carrier      text        NOT NULL,
    event_id     text        NOT NULL,
    order_id     uuid        NOT NULL REFERENCES orders (id),
    status       text        NOT NULL,
    description  text        NOT NULL,
    occurred_at  timestamptz NOT NULL,
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (carrier, event_id)
);
CREATE INDEX tracking_events_order ON tracking_events (order_id, occurred_at);
