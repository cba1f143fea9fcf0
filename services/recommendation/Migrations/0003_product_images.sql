-- The product's first image, as catalog's ProductListed now carries it (null for listings announced before it did).
ALTER TABLE products ADD COLUMN image_url text;
