-- What the test consumers do: one row per handled message, so "applied twice" shows as two rows.
CREATE TABLE test_effects (
    id          bigserial   PRIMARY KEY,
    run_id      uuid        NOT NULL,
    text        text        NOT NULL,
    handled_at  timestamptz NOT NULL DEFAULT now()
);
