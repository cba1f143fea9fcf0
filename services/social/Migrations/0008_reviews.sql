-- Verified-purchase reviews: one per order and product (the order's line of that product, whichever of its SKUs), checked
-- against order over gRPC when written. Public once moderation approves it; a templated one is held again later.
CREATE TABLE reviews (
    id            uuid        PRIMARY KEY,
    product_id    uuid        NOT NULL,
    order_id      uuid        NOT NULL,
    author_id     uuid        NOT NULL,
    rating        smallint    NOT NULL CHECK (rating BETWEEN 1 AND 5),
    text          text        NOT NULL,
    image_urls    text[]      NOT NULL,
    status        text        NOT NULL CHECK (status IN ('pending', 'published', 'rejected')),
    -- Why it waits or was refused, and the case to appeal: for the author's eyes only.
    reasons       text[]      NOT NULL DEFAULT '{}',
    case_id       uuid        NULL,
    -- Every unit of the product in the order was refunded: the review stays (the buyer used it) and says so.
    refunded      boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL,
    published_at  timestamptz NULL,
    -- The newest moderation event applied, so a late redelivery of an older decision cannot undo a newer one.
    decided_at    timestamptz NULL,
    UNIQUE (order_id, product_id)
);
CREATE INDEX reviews_product_published ON reviews (product_id, created_at DESC, id DESC) WHERE status = 'published';
CREATE INDEX reviews_author ON reviews (author_id, created_at DESC);

-- 追评: one per review, within 180 days of it, moderated on its own.
CREATE TABLE review_follow_ups (
    id            uuid        PRIMARY KEY,
    review_id     uuid        NOT NULL UNIQUE REFERENCES reviews (id) ON DELETE CASCADE,
    text          text        NOT NULL,
    image_urls    text[]      NOT NULL,
    status        text        NOT NULL CHECK (status IN ('pending', 'published', 'rejected')),
    reasons       text[]      NOT NULL DEFAULT '{}',
    case_id       uuid        NULL,
    created_at    timestamptz NOT NULL,
    decided_at    timestamptz NULL
);

-- Purchases order reported fully refunded (from RefundCompleted), kept even before a review exists, so a review written
-- while the refund completes is still marked (both sides take the order's advisory lock).
CREATE TABLE refunded_purchases (
    order_id     uuid        NOT NULL,
    product_id   uuid        NOT NULL,
    user_id      uuid        NOT NULL,
    refunded_at  timestamptz NOT NULL,
    PRIMARY KEY (order_id, product_id)
);
CREATE INDEX refunded_purchases_user ON refunded_purchases (user_id);

-- The published reviews of a product, counted: recomputed from reviews under this row's lock whenever one enters or
-- leaves publication or is marked refunded, so it is exact rather than drifting with increments.
CREATE TABLE review_summaries (
    product_id  uuid      PRIMARY KEY,
    count       integer   NOT NULL DEFAULT 0,
    rating_sum  bigint    NOT NULL DEFAULT 0,
    -- Reviews of one to five stars, in that order.
    histogram   integer[] NOT NULL DEFAULT '{0,0,0,0,0}',
    refunded    integer   NOT NULL DEFAULT 0
);
