-- The moderation case behind a held or rejected revision, so the merchant can follow it and appeal.
-- From here on `revision` also moves when a rejected product is edited: an appeal decision names the revision it
-- judged, and must not list copy the merchant changed after the rejection.
ALTER TABLE products ADD COLUMN moderation_case_id uuid NULL;
