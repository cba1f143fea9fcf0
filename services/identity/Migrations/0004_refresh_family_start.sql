-- A sign-in (a refresh-token family) ends a fixed time after it began, however often it was refreshed: a stolen token
-- kept fresh by rotation must not live forever. Every token of a family carries the family's start.
ALTER TABLE refresh_tokens ADD COLUMN family_started_at timestamptz NULL;
UPDATE refresh_tokens t SET family_started_at = f.started_at
FROM (SELECT family_id, min(created_at) AS started_at FROM refresh_tokens GROUP BY family_id) f
WHERE f.family_id = t.family_id;
ALTER TABLE refresh_tokens ALTER COLUMN family_started_at SET NOT NULL;
ALTER TABLE refresh_tokens ALTER COLUMN family_started_at SET DEFAULT now();
