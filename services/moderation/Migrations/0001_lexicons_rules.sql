-- Lexicons are named lists of terms; every term carries its own category. One version counter covers lexicons and
-- rules together: each instance rebuilds its matcher when the version it holds is behind.
CREATE TABLE screening_config (
    id              boolean PRIMARY KEY DEFAULT true CHECK (id),
    version         bigint  NOT NULL,
    -- Set once the shipped starter lexicon has been loaded, so deleting its terms later sticks.
    starter_seeded  boolean NOT NULL DEFAULT false
);
INSERT INTO screening_config (id, version) VALUES (true, 1);

CREATE TABLE lexicons (
    name        text        PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    -- NULL: the starter lexicon as shipped.
    updated_by  uuid        NULL
);

CREATE TABLE lexicon_terms (
    lexicon   text NOT NULL REFERENCES lexicons (name) ON DELETE CASCADE,
    term      text NOT NULL,
    category  text NOT NULL CHECK (category IN
        ('illegal', 'pornography', 'gambling', 'fraud', 'contact', 'advertising-law', 'custom', 'allow')),
    PRIMARY KEY (lexicon, term)
);

-- What a hit of a category means for a kind of content. Missing pairs fall back to 'review' in code.
CREATE TABLE rules (
    kind        text        NOT NULL CHECK (kind IN ('product', 'post', 'comment', 'review', 'nickname')),
    category    text        NOT NULL CHECK (category IN
        ('illegal', 'pornography', 'gambling', 'fraud', 'contact', 'advertising-law', 'custom', 'duplicate')),
    outcome     text        NOT NULL CHECK (outcome IN ('pass', 'review', 'block')),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  uuid        NULL,
    PRIMARY KEY (kind, category)
);

-- Unlawful content is blocked everywhere. 广告法 binds advertisers, so absolute terms block product copy but are a
-- shopper's own opinion in posts and reviews. Contact details and fraud wording need a human: context decides.
INSERT INTO rules (kind, category, outcome)
SELECT kind, category,
    CASE
        WHEN category IN ('illegal', 'pornography', 'gambling') THEN 'block'
        WHEN category = 'advertising-law' THEN CASE kind WHEN 'product' THEN 'block' WHEN 'nickname' THEN 'review' ELSE 'pass' END
        WHEN category = 'duplicate' THEN CASE kind WHEN 'review' THEN 'review' ELSE 'pass' END
        WHEN kind = 'nickname' THEN 'block'
        ELSE 'review'
    END
FROM unnest(ARRAY['product', 'post', 'comment', 'review', 'nickname']) AS kind
CROSS JOIN unnest(ARRAY['illegal', 'pornography', 'gambling', 'fraud', 'contact', 'advertising-law', 'custom', 'duplicate']) AS category;
