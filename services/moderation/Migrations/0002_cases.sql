-- One row per screened content version: the idempotency key for every decision about that version.
CREATE TABLE screenings (
    content_type  text        NOT NULL,
    content_id    uuid        NOT NULL,
    revision      integer     NOT NULL,
    outcome       text        NOT NULL CHECK (outcome IN ('pass', 'review', 'block')),
    case_id       uuid        NULL,
    screened_at   timestamptz NOT NULL,
    PRIMARY KEY (content_type, content_id, revision)
);

-- Content a human decides (screening said review) or may appeal (screening blocked it).
CREATE TABLE cases (
    id                 uuid        PRIMARY KEY,
    content_type       text        NOT NULL,
    content_id         uuid        NOT NULL,
    revision           integer     NOT NULL,
    owner_id           uuid        NOT NULL,
    -- The screened text per field and the hits in it, as the moderator sees them.
    fields             jsonb       NOT NULL,
    screening_outcome  text        NOT NULL CHECK (screening_outcome IN ('review', 'block')),
    status             text        NOT NULL CHECK (status IN ('pending', 'appealed', 'approved', 'rejected')),
    -- When the case (re-)entered the queue: the queue is oldest first by this.
    queued_at          timestamptz NULL,
    claimed_by         uuid        NULL,
    claim_expires_at   timestamptz NULL,
    decided_by         uuid        NULL,
    decided_at         timestamptz NULL,
    decision_reason    text        NULL,
    -- The moderator whose decision was appealed may not decide the appeal.
    excluded_moderator uuid        NULL,
    appeal_statement   text        NULL,
    appealed_at        timestamptz NULL,
    created_at         timestamptz NOT NULL,
    UNIQUE (content_type, content_id, revision),
    FOREIGN KEY (content_type, content_id, revision) REFERENCES screenings (content_type, content_id, revision)
);
CREATE INDEX cases_queue ON cases (queued_at, id) WHERE status IN ('pending', 'appealed');
CREATE INDEX cases_owner ON cases (owner_id, created_at DESC);

-- Who did what to which case or configuration, and when. Append-only.
CREATE TABLE audit_log (
    id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        timestamptz NOT NULL,
    -- NULL: the screening pipeline itself.
    actor_id  uuid        NULL,
    action    text        NOT NULL,
    subject   text        NOT NULL,
    details   jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_subject ON audit_log (subject, at);

-- MinHash signatures of recent reviews and their locality-sensitive band keys: near-identical reviews share at
-- least one key with high probability, so candidates come from one GIN look-up instead of a scan.
CREATE TABLE review_fingerprints (
    review_id    uuid        PRIMARY KEY,
    revision     integer     NOT NULL,
    author_id    uuid        NOT NULL,
    -- Kept so a review that turns out to belong to a cluster later can be put in front of a moderator.
    text         text        NOT NULL,
    signature    integer[]   NOT NULL,
    band_keys    bigint[]    NOT NULL,
    created_at   timestamptz NOT NULL
);
-- Rows older than the comparison window are deleted by the moderation service's housekeeping.
CREATE INDEX review_fingerprints_bands ON review_fingerprints USING gin (band_keys);
CREATE INDEX review_fingerprints_created ON review_fingerprints (created_at);
