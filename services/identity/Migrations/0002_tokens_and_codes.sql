-- Refresh tokens are stored as SHA-256 hashes; a family is one sign-in and every token rotated from it.
CREATE TABLE refresh_tokens (
    token_hash  bytea       PRIMARY KEY,
    family_id   uuid        NOT NULL,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz NULL,
    revoked_at  timestamptz NULL
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

-- Keyed by phone hash, not user, so unknown numbers are throttled too and nothing reveals which exist.
CREATE TABLE sign_in_throttle (
    phone_hash       bytea       PRIMARY KEY,
    failures         integer     NOT NULL,
    last_failure_at  timestamptz NOT NULL,
    locked_until     timestamptz NULL
);

CREATE TABLE sms_codes (
    id           uuid        PRIMARY KEY,
    phone_hash   bytea       NOT NULL,
    purpose      text        NOT NULL,
    code_hash    bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    attempts     integer     NOT NULL DEFAULT 0,
    consumed_at  timestamptz NULL
);
CREATE INDEX sms_codes_phone ON sms_codes (phone_hash, created_at DESC);

-- Written only by the development SMS sender, which is refused outside Development.
CREATE TABLE development_sms_messages (
    id          uuid        PRIMARY KEY,
    phone_hash  bytea       NOT NULL,
    phone       text        NOT NULL,
    code        text        NOT NULL,
    purpose     text        NOT NULL,
    sent_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX development_sms_messages_phone ON development_sms_messages (phone, sent_at DESC);

-- Development only: keys generated at first start so a laptop needs no secrets; production reads config.
CREATE TABLE development_keys (
    name        text        PRIMARY KEY,
    value       text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
