-- A flag is decided once: cleared (the accounts are genuine; the held commission settles) or confirmed (fraud; the commission
-- through its bindings is reversed and the bindings stop earning).
ALTER TABLE fraud_flags RENAME COLUMN cleared_at TO decided_at;
ALTER TABLE fraud_flags RENAME COLUMN cleared_by TO decided_by;
ALTER TABLE fraud_flags ADD COLUMN resolution text NULL CHECK (resolution IN ('cleared', 'confirmed'));
UPDATE fraud_flags SET resolution = 'cleared' WHERE decided_at IS NOT NULL;
ALTER TABLE fraud_flags ADD CONSTRAINT fraud_flags_decided CHECK ((decided_at IS NULL) = (resolution IS NULL));
