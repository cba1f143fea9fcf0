-- A user or a shop that can be followed and can post, with its counts. The counts change in the same transaction as the
-- rows they count. Follows, unfollows and the publication of the account's posts all lock this row before they read or
-- write the account's followers, which is what keeps fan-out and follows consistent (docs/social.md).
CREATE TABLE accounts (
    id                uuid    PRIMARY KEY,
    kind              text    NOT NULL CHECK (kind IN ('user', 'shop')),
    followers         bigint  NOT NULL DEFAULT 0 CHECK (followers >= 0),
    following         bigint  NOT NULL DEFAULT 0 CHECK (following >= 0),
    posts             bigint  NOT NULL DEFAULT 0 CHECK (posts >= 0),
    -- Some of its posts were published above the fan-out limit: readers who follow it pull them.
    has_pulled_posts  boolean NOT NULL DEFAULT false
);

CREATE TABLE follows (
    follower_id  uuid        NOT NULL,
    target_id    uuid        NOT NULL,
    target_kind  text        NOT NULL CHECK (target_kind IN ('user', 'shop')),
    followed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (follower_id, target_id),
    CHECK (follower_id <> target_id)
);
-- Followers of an account (fan-out, the followers list) and what a user follows (the following list, the feed's pull).
CREATE INDEX follows_target ON follows (target_id, followed_at DESC, follower_id);
CREATE INDEX follows_follower ON follows (follower_id, followed_at DESC, target_id);
