CREATE TABLE post_likes (
    post_id   uuid        NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    user_id   uuid        NOT NULL,
    liked_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (post_id, user_id)
);
CREATE INDEX post_likes_user ON post_likes (user_id);

-- Posts and products a user keeps; products are catalog's, so nothing counts them here.
CREATE TABLE favourites (
    user_id         uuid        NOT NULL,
    target_kind     text        NOT NULL CHECK (target_kind IN ('post', 'product')),
    target_id       uuid        NOT NULL,
    favourited_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, target_kind, target_id)
);
CREATE INDEX favourites_user_time ON favourites (user_id, favourited_at DESC, target_id DESC);
CREATE INDEX favourites_target ON favourites (target_id);

-- Comments and their replies (one level: a reply's reply_to is a comment whose reply_to is NULL), each moderated.
CREATE TABLE comments (
    id          uuid        PRIMARY KEY,
    post_id     uuid        NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    author_id   uuid        NOT NULL,
    reply_to    uuid        NULL REFERENCES comments (id) ON DELETE CASCADE,
    text        text        NOT NULL,
    status      text        NOT NULL CHECK (status IN ('pending', 'published', 'rejected')),
    reasons     text[]      NOT NULL DEFAULT '{}',
    case_id     uuid        NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    decided_at  timestamptz NULL
);
CREATE INDEX comments_post ON comments (post_id, created_at, id) WHERE reply_to IS NULL;
CREATE INDEX comments_replies ON comments (reply_to, created_at, id) WHERE reply_to IS NOT NULL;
CREATE INDEX comments_author ON comments (author_id);
