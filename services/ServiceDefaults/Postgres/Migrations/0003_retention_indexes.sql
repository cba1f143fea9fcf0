-- The retention sweep deletes inbox rows by age in batches; without an index every batch scans the table.
CREATE INDEX IF NOT EXISTS inbox_messages_processed_at ON inbox_messages (processed_at);
