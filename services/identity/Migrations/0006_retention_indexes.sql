-- The retention sweep deletes by these columns in batches; without indexes every batch scans its table.
CREATE INDEX IF NOT EXISTS refresh_tokens_expires_at ON refresh_tokens (expires_at);
CREATE INDEX IF NOT EXISTS sms_codes_expires_at ON sms_codes (expires_at);
CREATE INDEX IF NOT EXISTS development_sms_messages_sent_at ON development_sms_messages (sent_at);
CREATE INDEX IF NOT EXISTS sign_in_throttle_last_failure_at ON sign_in_throttle (last_failure_at);
