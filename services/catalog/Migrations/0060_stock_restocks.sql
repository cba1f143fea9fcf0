-- Sold units a committed order put back on sale (paid order cancelled before shipment, returned goods). One row per
-- restock_id order chose, so a retry finds its first call and moves nothing; the lines of all restocks of an order
-- are what it has already returned, and a restock may not return more of a SKU than the order bought minus them.
CREATE TABLE stock_restocks (
    restock_id  uuid        PRIMARY KEY,
    order_id    uuid        NOT NULL REFERENCES stock_reservations (order_id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stock_restocks_order ON stock_restocks (order_id);

CREATE TABLE stock_restock_lines (
    restock_id  uuid    NOT NULL REFERENCES stock_restocks (restock_id) ON DELETE CASCADE,
    sku_id      uuid    NOT NULL REFERENCES skus (id),
    quantity    integer NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (restock_id, sku_id)
);
