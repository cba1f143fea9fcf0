-- One invite code per user, made on first request; share links are /s/{code}.
CREATE TABLE invite_codes (
    user_id     uuid        PRIMARY KEY,
    code        text        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL
);

-- Who referred whom. One row per user, ever: the first binding wins. It earns commission while valid (binding days of the
-- rules in force when it was made). source: 'sign-up' (invite code at registration) or 'api'.
CREATE TABLE bindings (
    user_id      uuid        PRIMARY KEY,
    referrer_id  uuid        NOT NULL,
    code         text        NOT NULL,
    source       text        NOT NULL CHECK (source IN ('sign-up', 'api')),
    bound_at     timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    CHECK (referrer_id <> user_id)
);
CREATE INDEX bindings_referrer ON bindings (referrer_id, bound_at DESC);

-- The commission rules, as versions: an order uses the version in force when it was paid. Never more than two tiers
-- (multi-level payouts beyond that are treated as pyramid selling in China). Rates in basis points (1000 = 10 %).
CREATE TABLE rule_versions (
    version               integer     PRIMARY KEY,
    tiers                 integer     NOT NULL CHECK (tiers IN (1, 2)),
    tier1_rate_bp         integer     NOT NULL CHECK (tier1_rate_bp BETWEEN 0 AND 5000),
    tier2_rate_bp         integer     NOT NULL CHECK (tier2_rate_bp BETWEEN 0 AND 5000),
    binding_days          integer     NOT NULL CHECK (binding_days BETWEEN 1 AND 365),
    freeze_days           integer     NOT NULL CHECK (freeze_days BETWEEN 0 AND 90),
    min_withdrawal        bigint      NOT NULL CHECK (min_withdrawal >= 0),
    self_purchase_rebate  boolean     NOT NULL,
    effective_from        timestamptz NOT NULL,
    changed_by            uuid        NULL
);
INSERT INTO rule_versions VALUES (1, 2, 1000, 500, 30, 7, 1000, false, '2000-01-01T00:00:00Z', NULL);

-- The ledger: lines, never counters; amounts in fen. An accrual (+) is one per order and tier, with the chain, rate and rule
-- version it was made with. A reversal (−) claws back part of one accrual for a refund. status is the bucket a line counts
-- in: frozen until the order completed and the freeze days passed (available_at), then available; a reversal counts where
-- its accrual was when it was made, and moves with it. Balances are sums of lines, computed when asked.
CREATE TABLE commission_entries (
    id              uuid        PRIMARY KEY,
    kind            text        NOT NULL CHECK (kind IN ('accrual', 'reversal')),
    order_id        uuid        NOT NULL,
    tier            integer     NOT NULL CHECK (tier IN (1, 2)),
    beneficiary_id  uuid        NOT NULL,
    buyer_id        uuid        NOT NULL,
    base_amount     bigint      NOT NULL CHECK (base_amount >= 0),
    rate_bp         integer     NOT NULL,
    amount          bigint      NOT NULL,
    currency        text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('frozen', 'available')),
    rule_version    integer     NOT NULL REFERENCES rule_versions (version),
    attribution     text        NOT NULL CHECK (attribution IN ('binding', 'share-code')),
    reverses        uuid        NULL REFERENCES commission_entries (id),
    refund_id       uuid        NULL,
    available_at    timestamptz NULL,
    created_at      timestamptz NOT NULL,   -- when it happened: the payment, the refund
    recorded_at     timestamptz NOT NULL DEFAULT now(),   -- when the ledger learned of it
    CHECK ((kind = 'accrual' AND amount >= 0 AND reverses IS NULL) OR (kind = 'reversal' AND amount < 0 AND reverses IS NOT NULL))
);
CREATE UNIQUE INDEX commission_entries_accrual ON commission_entries (order_id, tier) WHERE kind = 'accrual';
CREATE INDEX commission_entries_reversals ON commission_entries (reverses) WHERE kind = 'reversal';
CREATE INDEX commission_entries_beneficiary ON commission_entries (beneficiary_id, created_at DESC);
CREATE INDEX commission_entries_due ON commission_entries (available_at) WHERE kind = 'accrual' AND status = 'frozen';

-- What the ledger has heard of each order's end, kept so that events arriving out of order still add up: an OrderPaid
-- processed after its OrderCompleted or RefundCompleted finds the completion date and the refunded total here.
CREATE TABLE order_outcomes (
    order_id        uuid        PRIMARY KEY,
    completed_at    timestamptz NULL,
    refunded_total  bigint      NOT NULL DEFAULT 0,
    last_refund_id  uuid        NULL
);
