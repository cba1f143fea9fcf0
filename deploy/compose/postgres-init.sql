-- Runs once, when the postgres volume is first created: each service owns its own database.
-- After adding a database here, recreate the volume (docker compose down -v) or create it by hand.
CREATE DATABASE identity;
CREATE DATABASE catalog;
CREATE DATABASE moderation;
CREATE DATABASE payment_adapter;
-- order's database is "orders": ORDER is a reserved word in SQL.
CREATE DATABASE orders;
CREATE DATABASE referral_commission;
CREATE DATABASE social;
CREATE DATABASE recommendation;
