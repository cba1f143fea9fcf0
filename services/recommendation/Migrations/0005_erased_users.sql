-- Users erased under PIPL, by id and time alone (a random id, no personal data). An event published before the erasure
-- can arrive after it (an OrderPaid still in order's outbox, a like in flight, a redelivery); without this trace it would
-- write the user's rows again. Only events from before erased_at are refused: a demo account that identity's demo data
-- restores under its fixed id is a new person, and what it does from then on counts. Privacy/ErasedUsers.cs says how writes
-- consult it without a race.
CREATE TABLE erased_users (
    user_id    uuid        PRIMARY KEY,
    erased_at  timestamptz NOT NULL
);
