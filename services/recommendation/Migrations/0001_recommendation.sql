-- Recommendation's copies of what happened elsewhere (docs/recommendation.md). Nothing here is the source of truth:
-- catalog owns products, order purchases, social likes, favourites and follows, identity consents.

-- Listed products as catalog announced them; an unlisted one is kept (so its history still counts) but never recommended.
CREATE TABLE products (
    id           uuid        PRIMARY KEY,
    shop_id      uuid        NOT NULL,
    category_id  integer     NOT NULL,
    title        text        NOT NULL,
    min_price    bigint      NOT NULL,
    currency     text        NOT NULL,
    listed       boolean     NOT NULL,
    listed_at    timestamptz NOT NULL,
    -- catalog's time of the change kept: an older event arriving late changes nothing.
    changed_at   timestamptz NOT NULL
);
CREATE INDEX products_category ON products (category_id) WHERE listed;

-- One row per signal, keyed so a redelivered event writes the same row: a purchase per order, a like per post, one
-- favourite, a view per hour. kind: purchase, like, favourite, view.
CREATE TABLE interactions (
    user_id     uuid        NOT NULL,
    product_id  uuid        NOT NULL,
    kind        text        NOT NULL,
    source      text        NOT NULL,
    weight      real        NOT NULL,
    at          timestamptz NOT NULL,
    PRIMARY KEY (user_id, product_id, kind, source)
);
CREATE INDEX interactions_product ON interactions (product_id);
CREATE INDEX interactions_at ON interactions (at);

-- Users following users (shops are left out: they sell, not buy).
CREATE TABLE follows (
    follower_id  uuid        NOT NULL,
    target_id    uuid        NOT NULL,
    followed_at  timestamptz NOT NULL,
    PRIMARY KEY (follower_id, target_id)
);
CREATE INDEX follows_target ON follows (target_id);

-- Opt-in: no row means neither consent.
CREATE TABLE consents (
    user_id                     uuid        PRIMARY KEY,
    social_proof                boolean     NOT NULL,
    personalised_recommendations boolean    NOT NULL,
    changed_at                  timestamptz NOT NULL
);

-- Written by the model job (Models/ModelJob.cs), read by serving.
CREATE TABLE trending (
    product_id   uuid             PRIMARY KEY,
    category_id  integer          NOT NULL,
    score        double precision NOT NULL
);
CREATE INDEX trending_category ON trending (category_id, score DESC);

CREATE TABLE similar_items (
    product_id   uuid             NOT NULL,
    similar_id   uuid             NOT NULL,
    score        double precision NOT NULL,
    PRIMARY KEY (product_id, similar_id)
);
