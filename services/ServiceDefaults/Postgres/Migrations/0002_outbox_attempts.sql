-- The relay leases rows instead of holding them in a transaction while it talks to the broker, counts failed
-- attempts per row, and sets aside (dead-letters) a row it cannot publish so that it never holds back the others.
ALTER TABLE outbox_messages
    ADD COLUMN next_attempt_at  timestamptz NULL,
    ADD COLUMN attempts         integer     NOT NULL DEFAULT 0,
    ADD COLUMN last_error       text        NULL,
    ADD COLUMN dead_lettered_at timestamptz NULL;

DROP INDEX outbox_messages_unpublished;
CREATE INDEX outbox_messages_pending ON outbox_messages (id) WHERE published_at IS NULL AND dead_lettered_at IS NULL;
CREATE INDEX outbox_messages_dead_lettered ON outbox_messages (id) WHERE dead_lettered_at IS NOT NULL;
