-- Withdrawal payouts become owed calls of the building blocks (ServiceDefaults migration 0004), made by the shared owed-call
-- worker; the call's id and subject are the withdrawal's id. Decided withdrawals keep their attempt count as done calls.
INSERT INTO owed_calls (id, kind, subject_id, payload, attempts, next_attempt_at, created_at, done_at)
SELECT id, 'payout', id, jsonb_build_object('userId', user_id, 'amount', amount, 'currency', currency), attempts, next_attempt_at,
       requested_at, CASE WHEN status = 'pending' THEN NULL ELSE coalesce(decided_at, requested_at) END
FROM withdrawals;

DROP INDEX withdrawals_owed;
ALTER TABLE withdrawals DROP COLUMN next_attempt_at, DROP COLUMN attempts;
