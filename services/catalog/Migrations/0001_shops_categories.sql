-- pg_trgm ships with Debian's postgresql package (contrib) and every managed PostgreSQL; search needs it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- One shop per approved merchant, opened when identity publishes MerchantApproved.
CREATE TABLE shops (
    id              uuid        PRIMARY KEY,
    merchant_id     uuid        NOT NULL UNIQUE,
    application_id  uuid        NOT NULL UNIQUE,
    name            text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE categories (
    id         integer PRIMARY KEY,
    parent_id  integer NULL REFERENCES categories (id),
    name       text    NOT NULL,
    sort       integer NOT NULL DEFAULT 0
);

INSERT INTO categories (id, parent_id, name, sort) VALUES
    (1, NULL, '服饰鞋包', 1),
        (101, 1, '女装', 1), (102, 1, '男装', 2), (103, 1, '鞋靴', 3), (104, 1, '箱包', 4),
    (2, NULL, '食品生鲜', 2),
        (201, 2, '水果', 1), (202, 2, '零食', 2), (203, 2, '茶叶', 3), (204, 2, '粮油调味', 4),
    (3, NULL, '美妆个护', 3),
        (301, 3, '护肤', 1), (302, 3, '彩妆', 2), (303, 3, '洗护', 3),
    (4, NULL, '数码家电', 4),
        (401, 4, '手机', 1), (402, 4, '耳机音箱', 2), (403, 4, '小家电', 3),
    (5, NULL, '家居日用', 5),
        (501, 5, '厨具', 1), (502, 5, '家纺', 2), (503, 5, '收纳清洁', 3),
    (6, NULL, '母婴玩具', 6),
        (601, 6, '奶粉辅食', 1), (602, 6, '玩具', 2);
