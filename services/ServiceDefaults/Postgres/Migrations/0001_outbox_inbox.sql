-- Building-block tables every service database has (docs/architecture.md, "Outbox and inbox").

CREATE TABLE outbox_messages (
    id            uuid PRIMARY KEY,
    message_type  text        NOT NULL,
    body          jsonb       NOT NULL,
    trace_parent  text        NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    published_at  timestamptz NULL
);

-- The relay only ever scans unpublished rows in id (UUIDv7, so time) order.
CREATE INDEX outbox_messages_unpublished ON outbox_messages (id) WHERE published_at IS NULL;

CREATE TABLE inbox_messages (
    message_id    uuid        NOT NULL,
    consumer      text        NOT NULL,
    processed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, consumer)
);
