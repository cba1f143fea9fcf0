-- The following feed, written on publication (fan-out): one row per follower and post. Only the newest Social:FeedCap rows
-- of a user are kept; the trim sweep removes the rest. The primary key is the read order, so a page is one index range.
CREATE TABLE feed_entries (
    user_id       uuid        NOT NULL,
    published_at  timestamptz NOT NULL,
    post_id       uuid        NOT NULL,
    author_id     uuid        NOT NULL,
    PRIMARY KEY (user_id, published_at, post_id)
);
-- A deleted post leaves every feed.
CREATE INDEX feed_entries_post ON feed_entries (post_id);
