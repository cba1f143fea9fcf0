-- Product cards as catalog last described them, for tags on posts and favourites. Refreshed from catalog when a product is
-- listed, delisted or repriced; a delisted product stays here with listed = false so its posts show it as unavailable.
CREATE TABLE products (
    id            uuid        PRIMARY KEY,
    shop_id       uuid        NOT NULL,
    title         text        NOT NULL,
    price         bigint      NOT NULL,
    currency      text        NOT NULL,
    image_url     text        NULL,
    listed        boolean     NOT NULL,
    refreshed_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE posts (
    id                  uuid        PRIMARY KEY,
    author_kind         text        NOT NULL CHECK (author_kind IN ('user', 'shop')),
    author_id           uuid        NOT NULL,
    latest_revision     integer     NOT NULL,
    -- The revision others see: the newest one moderation approved. NULL until the first approval.
    published_revision  integer     NULL,
    -- First publication: the post's place in feeds.
    published_at        timestamptz NULL,
    -- Published while its author was above the fan-out limit: in no feed rows, pulled by readers instead.
    pulled              boolean     NOT NULL DEFAULT false,
    -- A shop post announcing a new listing (one per product).
    listing_product_id  uuid        NULL UNIQUE,
    likes               bigint      NOT NULL DEFAULT 0 CHECK (likes >= 0),
    comments            bigint      NOT NULL DEFAULT 0 CHECK (comments >= 0),
    favourites          bigint      NOT NULL DEFAULT 0 CHECK (favourites >= 0),
    created_at          timestamptz NOT NULL DEFAULT now(),
    deleted_at          timestamptz NULL
);
CREATE INDEX posts_author ON posts (author_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX posts_author_published ON posts (author_id, published_at DESC, id DESC)
    WHERE deleted_at IS NULL AND published_revision IS NOT NULL;

CREATE TABLE post_revisions (
    post_id      uuid        NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    revision     integer     NOT NULL,
    text         text        NOT NULL,
    image_urls   text[]      NOT NULL,
    product_ids  uuid[]      NOT NULL,
    status       text        NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    -- Why it waits for a moderator or was refused, and the case to appeal against: for the author's eyes only.
    reasons      text[]      NOT NULL DEFAULT '{}',
    case_id      uuid        NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    decided_at   timestamptz NULL,
    PRIMARY KEY (post_id, revision)
);

-- The products the published revision of a post tags: the product page's posts.
CREATE TABLE post_products (
    post_id       uuid        NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    product_id    uuid        NOT NULL,
    published_at  timestamptz NOT NULL,
    PRIMARY KEY (post_id, product_id)
);
CREATE INDEX post_products_product ON post_products (product_id, published_at DESC, post_id DESC);
