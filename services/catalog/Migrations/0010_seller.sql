-- SKUs are shown in the order the merchant listed them; rows written without it (demo data) sort first by id.
ALTER TABLE skus ADD COLUMN position integer NOT NULL DEFAULT 0;

-- The seller's campaign list (GET /api/seller/campaigns), newest first.
CREATE INDEX campaigns_shop ON campaigns (shop_id, created_at DESC, id DESC);
