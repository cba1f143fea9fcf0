-- Release and commit in one server round trip, as reserve is (0020): the reservation's row lock and the SKU rows' locks are
-- held only while the server works. From .NET a commit was three round trips (the reservation locked; the stock moved; COMMIT)
-- and held the hot SKU's row across the last of them, which every reservation of that SKU queued behind.
-- Called with autocommit: the call is its own transaction. SKU rows are locked in id order, as every stock move locks them.

-- Reserved units of the orders back on sale, their reservations moved to p_state ('released' or 'expired'). The expiry
-- sweep calls it for a batch of lapsed reservations it holds locked; catalog_settle_stock for one.
CREATE FUNCTION catalog_return_stock(p_order_ids uuid[], p_state text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM skus WHERE id IN (SELECT sku_id FROM stock_reservation_lines WHERE order_id = ANY(p_order_ids))
    ORDER BY id FOR NO KEY UPDATE;
    UPDATE skus s SET available = s.available + t.quantity, reserved = s.reserved - t.quantity
    FROM (SELECT sku_id, sum(quantity)::integer AS quantity FROM stock_reservation_lines
          WHERE order_id = ANY(p_order_ids) GROUP BY sku_id) t
    WHERE s.id = t.sku_id;
    UPDATE stock_reservations SET state = p_state, updated_at = now() WHERE order_id = ANY(p_order_ids);
END;
$$;

-- The end of one order's reservation: sold (p_sell) or released. The reservation's row lock makes release, commit and the
-- sweep take turns, so only the first of them moves stock; a later one answers the state it found (moved = false). A commit
-- of a reservation lapsed at p_now but not swept yet returns the stock instead: it is no longer the order's to sell.
-- state is NULL for an order without a reservation (unknown, or rejected at reserve). A sale appends its units to
-- product_sales_pending (0070), not to products.sales.
CREATE FUNCTION catalog_settle_stock(p_order_id uuid, p_sell boolean, p_now timestamptz)
RETURNS TABLE (state text, moved boolean)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_state      text;
    v_expires_at timestamptz;
BEGIN
    SELECT r.state, r.expires_at INTO v_state, v_expires_at FROM stock_reservations r WHERE r.order_id = p_order_id FOR UPDATE;
    IF NOT FOUND OR v_state = 'rejected' THEN
        RETURN QUERY SELECT NULL::text, false;
        RETURN;
    END IF;
    IF v_state <> 'reserved' THEN
        RETURN QUERY SELECT v_state, false;
        RETURN;
    END IF;

    IF p_sell AND v_expires_at > p_now THEN
        PERFORM 1 FROM skus WHERE id IN (SELECT sku_id FROM stock_reservation_lines WHERE order_id = p_order_id)
        ORDER BY id FOR NO KEY UPDATE;
        UPDATE skus s SET reserved = s.reserved - l.quantity, sold = s.sold + l.quantity
        FROM stock_reservation_lines l WHERE l.order_id = p_order_id AND s.id = l.sku_id;
        INSERT INTO product_sales_pending (product_id, quantity)
        SELECT s.product_id, sum(l.quantity) FROM stock_reservation_lines l JOIN skus s ON s.id = l.sku_id
        WHERE l.order_id = p_order_id GROUP BY s.product_id;
        UPDATE stock_reservations SET state = 'committed', updated_at = now() WHERE order_id = p_order_id;
        RETURN QUERY SELECT 'committed'::text, true;
        RETURN;
    END IF;

    v_state := CASE WHEN p_sell THEN 'expired' ELSE 'released' END;
    PERFORM catalog_return_stock(ARRAY[p_order_id], v_state);
    RETURN QUERY SELECT v_state, true;
END;
$$;
