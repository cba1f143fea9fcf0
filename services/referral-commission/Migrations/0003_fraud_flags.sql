-- What referral keeps about each user, for the views and the anti-fraud checks only: the nickname masked at sign-up (for
-- "my referrals"), the phone prefix (first 7 digits: carrier and area) and the device the account was made from.
-- Cleared when the user is erased (PIPL); the ledger stays, as financial records must.
CREATE TABLE referral_users (
    user_id          uuid        PRIMARY KEY,
    nickname_masked  text        NULL,
    phone_prefix     text        NULL,
    device_id        text        NULL,
    registered_at    timestamptz NOT NULL
);

-- The signals a binding was made with.
ALTER TABLE bindings ADD COLUMN device_id text NULL, ADD COLUMN phone_prefix text NULL;
CREATE INDEX bindings_device ON bindings (device_id, bound_at) WHERE device_id IS NOT NULL;
CREATE INDEX bindings_phone_prefix ON bindings (referrer_id, phone_prefix, bound_at) WHERE phone_prefix IS NOT NULL;

-- A flag: many accounts bound from one device (to anyone), or from one phone prefix to one referrer, within the window.
-- Flags never block: the bindings stand, and commission earned through a flagged binding stays frozen until an admin
-- clears the flag. One open flag per signal; bindings made while it is open join it.
CREATE TABLE fraud_flags (
    id          uuid        PRIMARY KEY,
    reason      text        NOT NULL CHECK (reason IN ('same-device', 'same-phone-prefix')),
    signal      text        NOT NULL,
    raised_at   timestamptz NOT NULL,
    cleared_at  timestamptz NULL,
    cleared_by  uuid        NULL,
    note        text        NULL
);
CREATE UNIQUE INDEX fraud_flags_open ON fraud_flags (reason, signal) WHERE cleared_at IS NULL;

CREATE TABLE flagged_bindings (
    flag_id  uuid NOT NULL REFERENCES fraud_flags (id),
    user_id  uuid NOT NULL REFERENCES bindings (user_id),
    PRIMARY KEY (flag_id, user_id)
);
CREATE INDEX flagged_bindings_user ON flagged_bindings (user_id);
