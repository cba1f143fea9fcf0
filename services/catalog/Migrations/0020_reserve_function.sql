-- Reserve in one server round trip. A hot SKU's row lock is then held only while the server works, never across a
-- client round trip (BEGIN ... UPDATE ... COMMIT from .NET held it for two), which is what caps reservations per
-- second on one SKU (docs/benchmarks.md). Called with autocommit: the call is its own transaction.
--
-- All lines or none: every line's guarded UPDATE runs in a sub-block, in SKU-id order as every other stock move
-- locks SKUs (so multi-line orders cannot deadlock). If any line lacks stock or a listed product, the sub-block is
-- rolled back (stock untouched) and the order's rejection is stored, so a repeat answers the same. (Locking the
-- SKUs first with SELECT ... FOR NO KEY UPDATE and updating afterwards avoids the sub-block but measured slower.)
-- The lines are written after the stock is taken: written before, their foreign-key checks add key-share locks to
-- the hot row and turn its lock into a multixact shared by every waiting order (measured 10x slower).
-- A SKU falling below its low-stock threshold queues StockLow in the outbox in the same transaction; the body
-- mirrors SocialCommerce.Contracts.Events.Catalog.StockLow serialised with System.Text.Json web defaults
-- (tests/Catalog.Tests/Stock/ReserveTests.cs deserialises it).
CREATE FUNCTION catalog_reserve_stock(p_order_id uuid, p_sku_ids uuid[], p_quantities integer[], p_expires_at timestamptz)
RETURNS TABLE (outcome text, failed_sku_ids uuid[], expires_at timestamptz)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_row      stock_reservations%ROWTYPE;
    v_line     record;
    v_level    record;
    v_failed   uuid[] := '{}';
    v_crossed  jsonb[] := '{}';
    v_event    jsonb;
BEGIN
    INSERT INTO stock_reservations (order_id, state, expires_at) VALUES (p_order_id, 'reserved', p_expires_at)
    ON CONFLICT (order_id) DO NOTHING;
    IF NOT FOUND THEN
        SELECT * INTO v_row FROM stock_reservations r WHERE r.order_id = p_order_id;
        IF v_row.state = 'rejected' THEN
            RETURN QUERY SELECT v_row.reject_outcome, v_row.failed_sku_ids, NULL::timestamptz;
        ELSE
            RETURN QUERY SELECT 'reserved'::text, '{}'::uuid[], v_row.expires_at;
        END IF;
        RETURN;
    END IF;

    BEGIN
        FOR v_line IN
            SELECT l.sku_id, l.quantity FROM unnest(p_sku_ids, p_quantities) AS l (sku_id, quantity) ORDER BY l.sku_id
        LOOP
            UPDATE skus s SET available = s.available - v_line.quantity, reserved = s.reserved + v_line.quantity
            FROM products p
            WHERE s.id = v_line.sku_id AND s.available >= v_line.quantity AND p.id = s.product_id AND p.status = 'listed'
            RETURNING s.id, s.product_id, p.shop_id, s.available + v_line.quantity AS before, s.available AS after,
                      s.low_stock_threshold AS threshold
            INTO v_level;
            IF NOT FOUND THEN
                v_failed := v_failed || v_line.sku_id;
            ELSIF v_level.threshold IS NOT NULL AND v_level.before >= v_level.threshold AND v_level.after < v_level.threshold THEN
                v_crossed := v_crossed || jsonb_build_object(
                    'skuId', v_level.id, 'productId', v_level.product_id, 'shopId', v_level.shop_id,
                    'available', v_level.after, 'threshold', v_level.threshold, 'at', now());
            END IF;
        END LOOP;

        IF cardinality(v_failed) > 0 THEN
            RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'reservation rejected';
        END IF;
    EXCEPTION WHEN raise_exception THEN
        -- The stock moves above are undone; v_failed survives (variables are not transactional).
        UPDATE stock_reservations r
        SET state = 'rejected',
            reject_outcome = CASE WHEN EXISTS (
                    SELECT 1 FROM unnest(v_failed) AS f (sku_id)
                    WHERE NOT EXISTS (SELECT 1 FROM skus s JOIN products p ON p.id = s.product_id
                                      WHERE s.id = f.sku_id AND p.status = 'listed'))
                THEN 'unavailable' ELSE 'out-of-stock' END,
            failed_sku_ids = (SELECT array_agg(f.sku_id ORDER BY f.sku_id) FROM unnest(v_failed) AS f (sku_id)),
            updated_at = now()
        WHERE r.order_id = p_order_id
        RETURNING r.reject_outcome, r.failed_sku_ids INTO v_row.reject_outcome, v_row.failed_sku_ids;
        RETURN QUERY SELECT v_row.reject_outcome, v_row.failed_sku_ids, NULL::timestamptz;
        RETURN;
    END;

    INSERT INTO stock_reservation_lines (order_id, sku_id, quantity)
    SELECT p_order_id, l.sku_id, l.quantity FROM unnest(p_sku_ids, p_quantities) AS l (sku_id, quantity);
    FOREACH v_event IN ARRAY v_crossed LOOP
        INSERT INTO outbox_messages (id, message_type, body)
        VALUES (gen_random_uuid(), 'SocialCommerce.Contracts.Events.Catalog.StockLow, SocialCommerce.Contracts', v_event);
    END LOOP;
    IF cardinality(v_crossed) > 0 THEN
        PERFORM pg_notify('outbox', '');
    END IF;
    RETURN QUERY SELECT 'reserved'::text, '{}'::uuid[], p_expires_at;
END;
$$;
