-- Flash sales (秒杀). A campaign's quota is split over a few bucket rows, so concurrent admissions lock different rows
-- instead of queueing on one (the cap of a single guarded counter, docs/benchmarks.md P2). The buckets, the per-buyer
-- ledger and the admissions are the source of truth: every unit is in a bucket or held by exactly one admission.
CREATE TABLE flash_sale_buckets (
    campaign_id  uuid     NOT NULL REFERENCES campaigns (id),
    bucket       smallint NOT NULL,
    remaining    integer  NOT NULL CHECK (remaining >= 0),
    PRIMARY KEY (campaign_id, bucket)
);

-- Units each buyer holds in a campaign (admitted, not returned): the per-user limit is a guarded upsert of this row.
CREATE TABLE flash_sale_buyers (
    campaign_id  uuid    NOT NULL,
    user_id      uuid    NOT NULL,
    quantity     integer NOT NULL CHECK (quantity >= 0),
    PRIMARY KEY (campaign_id, user_id)
);

-- One admission per checkout (its order id): held (units taken, order not written yet), ordered (the order exists),
-- returned (the units went back: checkout failed, order cancelled unpaid, or the checkout crashed and was swept).
-- No foreign keys: their key-share locks would land on the campaign row for every admission.
CREATE TABLE flash_sale_admissions (
    order_id     uuid        PRIMARY KEY,
    campaign_id  uuid        NOT NULL,
    user_id      uuid        NOT NULL,
    quantity     integer     NOT NULL CHECK (quantity > 0),
    bucket       smallint    NOT NULL,
    state        text        NOT NULL CHECK (state IN ('held', 'ordered', 'returned')),
    admitted_at  timestamptz NOT NULL,
    returned_at  timestamptz NULL
);
CREATE INDEX flash_sale_admissions_held ON flash_sale_admissions (admitted_at) WHERE state = 'held';

-- Admission in one server round trip, so a bucket's row lock is held only while the server works (the same lesson as
-- catalog_reserve_stock). Called with autocommit. Locks are taken in one order everywhere: the admission row, the
-- buyer's ledger row, then buckets in bucket order; order_flash_return does the same.
--   1. A repeat of an admitted checkout (same order id) is admitted again without taking more.
--   2. The buyer's ledger row is raised, guarded by the per-user limit (0 = no limit): refused → 'over-limit'.
--   3. A bucket with enough units that no other admission holds is taken (SKIP LOCKED, starting at p_start so
--      callers spread). If every such bucket is held, wait for one and re-check; if the units left are spread thinner
--      than the quantity, take them across buckets locked in order. Too few left → 'sold-out', ledger given back.
CREATE FUNCTION order_flash_admit(
    p_order_id uuid, p_campaign_id uuid, p_user_id uuid, p_quantity integer, p_per_user_limit integer, p_start integer, p_now timestamptz)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_state   text;
    v_bucket  smallint;
    v_left    bigint;
    v_most    integer;
    v_need    integer;
    v_row     record;
BEGIN
    SELECT a.state INTO v_state FROM flash_sale_admissions a WHERE a.order_id = p_order_id FOR UPDATE;
    IF v_state IN ('held', 'ordered') THEN
        RETURN 'admitted';
    END IF;

    IF p_per_user_limit > 0 THEN
        INSERT INTO flash_sale_buyers AS b (campaign_id, user_id, quantity) VALUES (p_campaign_id, p_user_id, p_quantity)
        ON CONFLICT (campaign_id, user_id) DO UPDATE SET quantity = b.quantity + excluded.quantity
        WHERE b.quantity + excluded.quantity <= p_per_user_limit;
        IF NOT FOUND THEN
            RETURN 'over-limit';
        END IF;
    END IF;

    LOOP
        UPDATE flash_sale_buckets b SET remaining = b.remaining - p_quantity
        WHERE b.campaign_id = p_campaign_id AND b.bucket = (
            SELECT f.bucket FROM flash_sale_buckets f
            WHERE f.campaign_id = p_campaign_id AND f.remaining >= p_quantity
            ORDER BY f.bucket < p_start, f.bucket LIMIT 1 FOR UPDATE SKIP LOCKED)
          AND b.remaining >= p_quantity
        RETURNING b.bucket INTO v_bucket;
        EXIT WHEN FOUND;

        SELECT coalesce(sum(f.remaining), 0), coalesce(max(f.remaining), 0) INTO v_left, v_most
        FROM flash_sale_buckets f WHERE f.campaign_id = p_campaign_id;
        IF v_left < p_quantity THEN
            IF p_per_user_limit > 0 THEN
                UPDATE flash_sale_buyers SET quantity = quantity - p_quantity WHERE campaign_id = p_campaign_id AND user_id = p_user_id;
            END IF;
            RETURN CASE WHEN v_left = 0 THEN 'sold-out' ELSE 'too-few-left' END;
        END IF;

        IF v_most >= p_quantity THEN
            -- Every bucket with enough is held by another admission: wait for one, then the guard decides on its new value.
            UPDATE flash_sale_buckets b SET remaining = b.remaining - p_quantity
            WHERE b.campaign_id = p_campaign_id AND b.bucket = (
                SELECT f.bucket FROM flash_sale_buckets f
                WHERE f.campaign_id = p_campaign_id AND f.remaining >= p_quantity
                ORDER BY f.bucket < p_start, f.bucket LIMIT 1)
              AND b.remaining >= p_quantity
            RETURNING b.bucket INTO v_bucket;
            EXIT WHEN FOUND;
        ELSE
            -- Enough units in all, none of the buckets holding the quantity alone: lock them all in order and take across.
            v_need := p_quantity;
            v_bucket := NULL;
            FOR v_row IN
                SELECT f.bucket, f.remaining FROM flash_sale_buckets f WHERE f.campaign_id = p_campaign_id AND f.remaining > 0
                ORDER BY f.bucket FOR UPDATE
            LOOP
                EXIT WHEN v_need = 0;
                UPDATE flash_sale_buckets SET remaining = remaining - least(v_row.remaining, v_need)
                WHERE campaign_id = p_campaign_id AND bucket = v_row.bucket;
                v_need := v_need - least(v_row.remaining, v_need);
                v_bucket := coalesce(v_bucket, v_row.bucket);
            END LOOP;
            IF v_need = 0 THEN
                EXIT;
            END IF;
            -- Fewer were left once locked: give back what was taken (one bucket is as good as another) and look again.
            UPDATE flash_sale_buckets SET remaining = remaining + (p_quantity - v_need)
            WHERE campaign_id = p_campaign_id AND bucket = v_bucket;
        END IF;
    END LOOP;

    INSERT INTO flash_sale_admissions AS a (order_id, campaign_id, user_id, quantity, bucket, state, admitted_at)
    VALUES (p_order_id, p_campaign_id, p_user_id, p_quantity, v_bucket, 'held', p_now)
    ON CONFLICT (order_id) DO UPDATE SET quantity = excluded.quantity, bucket = excluded.bucket, state = 'held',
                                         admitted_at = excluded.admitted_at, returned_at = NULL;
    RETURN 'admitted';
END;
$$;

-- Gives an admission's units back (to its bucket) and lowers the buyer's ledger, once: only from the given states.
CREATE FUNCTION order_flash_return(p_order_id uuid, p_from text[], p_now timestamptz)
RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    v_admission record;
BEGIN
    UPDATE flash_sale_admissions a SET state = 'returned', returned_at = p_now
    WHERE a.order_id = p_order_id AND a.state = ANY (p_from)
    RETURNING a.campaign_id, a.user_id, a.quantity, a.bucket INTO v_admission;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    UPDATE flash_sale_buyers SET quantity = quantity - v_admission.quantity
    WHERE campaign_id = v_admission.campaign_id AND user_id = v_admission.user_id;
    UPDATE flash_sale_buckets SET remaining = remaining + v_admission.quantity
    WHERE campaign_id = v_admission.campaign_id AND bucket = v_admission.bucket;
    RETURN true;
END;
$$;
