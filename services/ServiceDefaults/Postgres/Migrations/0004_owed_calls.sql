-- Owed calls (docs/architecture.md, "Owed calls"): a call to another service that a committed state change requires, written
-- in that change's transaction and made by the service's owed-call worker until it gets an answer.
CREATE TABLE owed_calls (
    id               uuid        PRIMARY KEY,
    kind             text        NOT NULL,
    -- What the call is about (an order, a withdrawal): lets the owner ask whether a call of a kind is still owed for it.
    subject_id       uuid        NOT NULL,
    payload          jsonb       NOT NULL,
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    last_error       text        NULL,
    created_at       timestamptz NOT NULL,
    done_at          timestamptz NULL
);

CREATE INDEX owed_calls_due ON owed_calls (next_attempt_at) WHERE done_at IS NULL;
CREATE INDEX owed_calls_subject ON owed_calls (subject_id, kind) WHERE done_at IS NULL;
CREATE INDEX owed_calls_done ON owed_calls (done_at) WHERE done_at IS NOT NULL;
