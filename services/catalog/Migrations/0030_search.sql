-- Search for browse (services/catalog/Browse/PostgresProductSearch.cs). Expression indexes only: the products
-- table keeps its shape, so nobody's SELECT or INSERT changes. Queries must repeat these expressions exactly.

-- array_to_string is only STABLE (it calls type output functions); for text[] it cannot vary, and index
-- expressions must be IMMUTABLE. plpgsql, because a SQL wrapper around a STABLE call is never inlined and
-- costs three times as much per row.
CREATE FUNCTION catalog_tags_text(tags text[]) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$ BEGIN RETURN array_to_string(tags, ' '); END $$;

-- Title, tags and description, lower-cased, separated by newlines: search terms never contain whitespace, so a
-- term cannot match across two fields.
CREATE FUNCTION catalog_search_doc(title text, tags text[], description text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT lower(title || E'\n' || catalog_tags_text(tags) || E'\n' || description) $$;

-- Latin words only. The default parser glues a Latin word to the Chinese around it ("蓝牙Bluetooth耳机" is one
-- token), so Chinese is blanked out first; Chinese is searched by substring instead.
CREATE FUNCTION catalog_latin_words(doc text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT to_tsvector('simple'::regconfig, regexp_replace(doc, '[^\x01-\x7f]+', ' ', 'g')) $$;

-- Every 1- and 2-character substring of the lower-cased title and tags. Trigram indexes cannot answer a one- or
-- two-character LIKE (no trigram to look up), and most Chinese queries are that short (茶, 苹果, 耳机); a
-- substring of length n is in the text exactly when it is in this set, so `@>` answers them from an index.
-- The high COST keeps the planner from evaluating it row by row in a sequential scan.
CREATE FUNCTION catalog_short_grams(title text, tags text[]) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 10000
    AS $$
    SELECT coalesce(array_agg(DISTINCT gram), '{}')
    FROM (
        SELECT substr(t.doc, i, n) AS gram, n
        FROM (SELECT lower(title || ' ' || catalog_tags_text(tags)) AS doc) AS t,
             generate_series(1, char_length(t.doc)) AS i,
             (VALUES (1), (2)) AS lengths (n)
    ) AS grams
    WHERE char_length(gram) = n AND gram !~ '\s'
    $$;

CREATE INDEX products_search_trgm ON products
    USING gin (catalog_search_doc(title, tags, description) gin_trgm_ops) WHERE status = 'listed';
CREATE INDEX products_search_latin ON products
    USING gin (catalog_latin_words(catalog_search_doc(title, tags, description))) WHERE status = 'listed';
CREATE INDEX products_search_short ON products
    USING gin (catalog_short_grams(title, tags)) WHERE status = 'listed';

-- Keyset paging walks (key, id) in one direction per sort; these serve the sorts 0002's indexes do not.
CREATE INDEX products_listed_newest ON products (listed_at, id) WHERE status = 'listed';
CREATE INDEX products_listed_price ON products (min_price, id) WHERE status = 'listed';
CREATE INDEX products_listed_sales ON products (sales, id) WHERE status = 'listed';
