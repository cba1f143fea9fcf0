-- Autovacuum's ANALYZE (and any maintenance run under a restricted search_path) evaluates the index expressions
-- with search_path limited to pg_catalog, where the unqualified call to catalog_tags_text is not found: ANALYZE of
-- products failed and the planner had no statistics for it. The bodies now name the function's schema. Same
-- results, so the indexes built on them stay valid.
CREATE OR REPLACE FUNCTION catalog_search_doc(title text, tags text[], description text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT lower(title || E'\n' || public.catalog_tags_text(tags) || E'\n' || description) $$;

CREATE OR REPLACE FUNCTION catalog_short_grams(title text, tags text[]) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 10000
    AS $$
    SELECT coalesce(array_agg(DISTINCT gram), '{}')
    FROM (
        SELECT substr(t.doc, i, n) AS gram, n
        FROM (SELECT lower(title || ' ' || public.catalog_tags_text(tags)) AS doc) AS t,
             generate_series(1, char_length(t.doc)) AS i,
             (VALUES (1), (2)) AS lengths (n)
    ) AS grams
    WHERE char_length(gram) = n AND gram !~ '\s'
    $$;
