-- One cart per shopper, replaced whole by PUT: a cart is a short list the app edits locally.
CREATE TABLE carts (
    user_id     uuid        PRIMARY KEY,
    lines       jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL
);
