-- Feed pages read the posts of followed accounts above Social:FanOutLimit at read time. They start from the few accounts
-- with pulled posts (not from every follow of the reader) and read those accounts' latest posts from an index that holds
-- all the page needs, so a page's pulled posts cost no table reads.
CREATE INDEX accounts_pulled ON accounts (id) WHERE has_pulled_posts;
CREATE INDEX posts_pulled ON posts (author_id, published_at DESC, id DESC)
    WHERE pulled AND deleted_at IS NULL AND published_revision IS NOT NULL;
