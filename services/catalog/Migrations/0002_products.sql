CREATE TABLE products (
    id                  uuid        PRIMARY KEY,
    shop_id             uuid        NOT NULL REFERENCES shops (id),
    category_id         integer     NOT NULL REFERENCES categories (id),
    title               text        NOT NULL,
    description         text        NOT NULL,
    images              text[]      NOT NULL,
    tags                text[]      NOT NULL,
    status              text        NOT NULL CHECK (status IN ('draft', 'pending-review', 'listed', 'rejected', 'delisted')),
    -- Bumped on every submission; moderation decisions name the revision they judged.
    revision            integer     NOT NULL DEFAULT 0,
    moderation_reasons  text[]      NOT NULL DEFAULT '{}',
    -- Lowest SKU price and units sold, kept here so browse can sort without joining SKUs.
    min_price           bigint      NOT NULL,
    sales               bigint      NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    listed_at           timestamptz NULL
);
CREATE INDEX products_shop ON products (shop_id, created_at DESC);
CREATE INDEX products_listed ON products (listed_at DESC, id) WHERE status = 'listed';
CREATE INDEX products_listed_category ON products (category_id, listed_at DESC, id) WHERE status = 'listed';
-- Trigram indexes make substring search work for Chinese, which has no word boundaries for tsvector.
CREATE INDEX products_title_trgm ON products USING gin (title gin_trgm_ops) WHERE status = 'listed';

-- available + reserved + sold is the stock the merchant has put in; every change keeps that sum honest.
CREATE TABLE skus (
    id                   uuid    PRIMARY KEY,
    product_id           uuid    NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    attributes           jsonb   NOT NULL,
    -- Canonical form of the attributes (sorted keys), so two SKUs of a product cannot have the same set.
    attributes_key       text    NOT NULL,
    price                bigint  NOT NULL CHECK (price > 0),
    list_price           bigint  NOT NULL CHECK (list_price >= price),
    currency             text    NOT NULL DEFAULT 'CNY',
    available            integer NOT NULL CHECK (available >= 0),
    reserved             integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    sold                 integer NOT NULL DEFAULT 0 CHECK (sold >= 0),
    low_stock_threshold  integer NULL CHECK (low_stock_threshold >= 0),
    UNIQUE (product_id, attributes_key)
);
CREATE INDEX skus_product ON skus (product_id);

-- Every price a SKU has had, the first row being its initial price (consumer-law price transparency).
CREATE TABLE price_history (
    id          bigserial   PRIMARY KEY,
    sku_id      uuid        NOT NULL REFERENCES skus (id) ON DELETE CASCADE,
    price       bigint      NOT NULL,
    list_price  bigint      NOT NULL,
    changed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX price_history_sku ON price_history (sku_id, changed_at);
