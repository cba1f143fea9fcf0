-- The retention sweep deletes week-old Idempotency-Keys in batches; without an index every batch scans the table.
CREATE INDEX IF NOT EXISTS checkout_requests_created_at ON checkout_requests (created_at);
