-- The retention sweep deletes week-old webhook event ids in batches; without an index every batch scans the table.
CREATE INDEX IF NOT EXISTS webhook_events_received_at ON webhook_events (received_at);
