-- Order's owed calls move to the building blocks' owed_calls table (ServiceDefaults migration 0004), made by the shared
-- owed-call worker: the order is the call's subject. Calls still owed keep their attempts and next attempt.
INSERT INTO owed_calls (id, kind, subject_id, payload, attempts, next_attempt_at, last_error, created_at, done_at)
SELECT id, kind, order_id, payload, attempts, next_attempt_at, last_error, created_at, done_at FROM order_tasks;

DROP TABLE order_tasks;
