-- Campaigns as catalog defined them, copied on first use: they are immutable, and admissions must not wait on gRPC.
CREATE TABLE campaigns (
    id              uuid        PRIMARY KEY,
    type            text        NOT NULL CHECK (type IN ('group-buy', 'flash-sale')),
    sku_id          uuid        NOT NULL,
    product_id      uuid        NOT NULL,
    shop_id         uuid        NOT NULL,
    merchant_id     uuid        NOT NULL,
    title           text        NOT NULL,
    price           bigint      NOT NULL CHECK (price > 0),
    currency        text        NOT NULL,
    starts_at       timestamptz NOT NULL,
    ends_at         timestamptz NOT NULL,
    team_size       integer     NOT NULL,
    team_hours      integer     NOT NULL,
    quota           integer     NOT NULL,
    per_user_limit  integer     NOT NULL,
    fetched_at      timestamptz NOT NULL
);

-- A group-buy team (拼团). members counts places taken (leader included; a member who cancels gives the place back),
-- paid the places paid for; both move only by guarded UPDATEs, so a team is never over-full, and the team closes
-- (completed or failed) exactly once, by the UPDATE that leaves 'open'.
CREATE TABLE group_buy_teams (
    id           uuid        PRIMARY KEY,
    campaign_id  uuid        NOT NULL REFERENCES campaigns (id),
    leader_id    uuid        NOT NULL,
    size         integer     NOT NULL CHECK (size BETWEEN 2 AND 50),
    status       text        NOT NULL CHECK (status IN ('open', 'completed', 'failed')),
    members      integer     NOT NULL CHECK (members BETWEEN 0 AND size),
    paid         integer     NOT NULL DEFAULT 0 CHECK (paid BETWEEN 0 AND members),
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    closed_at    timestamptz NULL
);
CREATE INDEX group_buy_teams_open ON group_buy_teams (campaign_id, expires_at) WHERE status = 'open';
CREATE INDEX group_buy_teams_expiring ON group_buy_teams (expires_at) WHERE status = 'open';

-- One row per user and team, ever: a user joins a team once (leaving does not let them in again).
CREATE TABLE group_buy_members (
    team_id    uuid        NOT NULL REFERENCES group_buy_teams (id),
    user_id    uuid        NOT NULL,
    order_id   uuid        NOT NULL REFERENCES orders (id),
    status     text        NOT NULL CHECK (status IN ('joined', 'paid', 'left')),
    joined_at  timestamptz NOT NULL,
    PRIMARY KEY (team_id, user_id)
);
CREATE UNIQUE INDEX group_buy_members_order ON group_buy_members (order_id);

ALTER TABLE orders ADD COLUMN campaign_id uuid NULL REFERENCES campaigns (id);
ALTER TABLE orders ADD COLUMN team_id uuid NULL REFERENCES group_buy_teams (id);
