-- "Friends bought": who paid for which product (from OrderPaid) and who lets people who follow them see it (from
-- identity's ConsentsChanged; opt-in, so no row means no). Only these two facts are copied, nothing of the order.
CREATE TABLE purchases (
    product_id  uuid        NOT NULL,
    user_id     uuid        NOT NULL,
    paid_at     timestamptz NOT NULL,
    PRIMARY KEY (product_id, user_id)
);
CREATE INDEX purchases_user ON purchases (user_id);

CREATE TABLE social_proof_consents (
    user_id     uuid        PRIMARY KEY,
    consented   boolean     NOT NULL,
    changed_at  timestamptz NOT NULL
);
