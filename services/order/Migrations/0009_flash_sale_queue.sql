-- Flash sales answer at admission (step [13]): one call claims the Idempotency-Key, admits the buyer and owes the call that
-- creates the order, in one transaction and one round trip. The order is then placed by the flash-sale lane of the owed-call
-- worker at the rate the platform sustains. An answered admission therefore always has its owed call (nothing admitted is
-- lost to a crash), and the key's claim is the buyer's ticket: its answer is stored when the order is placed or refused.
--
-- Outcomes: 'admitted' (new ticket: p_order_id), 'existing' (the key was used before for the same request: its order id),
-- 'key-reused' (for another request), or order_flash_admit's refusals ('sold-out', 'too-few-left', 'over-limit'), which
-- leave nothing behind: the claim is removed with them, so a repeat is decided afresh.
CREATE FUNCTION order_flash_enqueue(
    p_user_id uuid, p_key text, p_request_hash text, p_order_id uuid, p_campaign_id uuid, p_quantity integer,
    p_per_user_limit integer, p_start integer, p_now timestamptz, p_call_kind text, p_call_payload jsonb)
RETURNS TABLE (outcome text, ticket_id uuid)
LANGUAGE plpgsql AS $$
DECLARE
    v_hash     text;
    v_order_id uuid;
    v_outcome  text;
BEGIN
    LOOP
        -- A concurrent repeat of the key waits here on the primary key until the first one commits.
        INSERT INTO checkout_requests (user_id, idempotency_key, request_hash, order_id, created_at)
        VALUES (p_user_id, p_key, p_request_hash, p_order_id, p_now)
        ON CONFLICT DO NOTHING;
        EXIT WHEN FOUND;

        SELECT r.request_hash, r.order_id INTO v_hash, v_order_id
        FROM checkout_requests r WHERE r.user_id = p_user_id AND r.idempotency_key = p_key;
        IF FOUND THEN
            RETURN QUERY SELECT CASE WHEN v_hash = p_request_hash THEN 'existing' ELSE 'key-reused' END, v_order_id;
            RETURN;
        END IF;
        -- The claim we collided with was removed (a refused attempt, a forgotten checkout): try again.
    END LOOP;

    v_outcome := order_flash_admit(p_order_id, p_campaign_id, p_user_id, p_quantity, p_per_user_limit, p_start, p_now);
    IF v_outcome <> 'admitted' THEN
        DELETE FROM checkout_requests WHERE user_id = p_user_id AND idempotency_key = p_key;
        RETURN QUERY SELECT v_outcome, NULL::uuid;
        RETURN;
    END IF;

    INSERT INTO owed_calls (id, kind, subject_id, payload, next_attempt_at, created_at)
    VALUES (p_order_id, p_call_kind, p_order_id, p_call_payload, p_now, p_now);
    RETURN QUERY SELECT 'admitted', p_order_id;
END;
$$;

