-- Phone numbers are personal data: looked up by keyed hash, kept encrypted for export, shown masked.
CREATE TABLE users (
    id                  uuid PRIMARY KEY,
    phone_hash          bytea       NULL,
    phone_cipher        bytea       NULL,
    phone_masked        text        NULL,
    password_hash       text        NULL,
    nickname            text        NOT NULL,
    avatar_url          text        NULL,
    real_name_verified  boolean     NOT NULL DEFAULT false,
    invite_code         text        NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    erased_at           timestamptz NULL
);

-- Erasure clears phone_hash, which frees the number for a new account.
CREATE UNIQUE INDEX users_phone_hash ON users (phone_hash) WHERE phone_hash IS NOT NULL;

CREATE TABLE user_roles (
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role        text        NOT NULL CHECK (role IN ('shopper', 'merchant', 'moderator', 'admin')),
    granted_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, role)
);

CREATE TABLE consents (
    user_id                       uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    social_proof                  boolean     NOT NULL DEFAULT false,
    personalised_recommendations  boolean     NOT NULL DEFAULT false,
    marketing                     boolean     NOT NULL DEFAULT false,
    updated_at                    timestamptz NOT NULL DEFAULT now()
);
