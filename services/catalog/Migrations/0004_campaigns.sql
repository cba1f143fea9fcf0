-- Group-buy (拼团) and flash-sale (秒杀) definitions; order runs them (teams, admissions) in step [5].
CREATE TABLE campaigns (
    id              uuid        PRIMARY KEY,
    shop_id         uuid        NOT NULL REFERENCES shops (id),
    sku_id          uuid        NOT NULL REFERENCES skus (id),
    type            text        NOT NULL CHECK (type IN ('group-buy', 'flash-sale')),
    price           bigint      NOT NULL CHECK (price > 0),
    currency        text        NOT NULL DEFAULT 'CNY',
    starts_at       timestamptz NOT NULL,
    ends_at         timestamptz NOT NULL CHECK (ends_at > starts_at),
    team_size       integer     NULL CHECK (team_size BETWEEN 2 AND 50),
    team_hours      integer     NULL CHECK (team_hours BETWEEN 1 AND 72),
    quota           integer     NULL CHECK (quota > 0),
    per_user_limit  integer     NULL CHECK (per_user_limit > 0),
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX campaigns_sku ON campaigns (sku_id, starts_at);
