-- Each user's precomputed personal candidates, read by the for-you blend in one index range: 'friends-bought' (what
-- consenting people they follow bought; the periodic model job), 'similar' (similar items of their own choices) and
-- 'taste' (implicit ALS), both by the nightly `train` (Models/PersonalCandidates.cs). Only users with the
-- personalisedRecommendations consent have rows; erased with the user.
CREATE TABLE user_candidates (
    user_id     uuid             NOT NULL,
    source      text             NOT NULL,
    product_id  uuid             NOT NULL,
    score       double precision NOT NULL,
    PRIMARY KEY (user_id, source, product_id)
);

-- The latest run of each model ('trending-similar' by the periodic job, 'taste' by `train`): its age is a metric and an alert.
CREATE TABLE model_runs (
    model        text             PRIMARY KEY,
    finished_at  timestamptz      NOT NULL,
    seconds      double precision NOT NULL,
    signals      integer          NOT NULL
);

-- Offline evaluations (`evaluate`, Evaluation/): the report as JSON; the admin endpoint serves the latest.
CREATE TABLE evaluations (
    id      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      timestamptz NOT NULL,
    report  jsonb       NOT NULL
);

-- For-you reads a user's choices made since the nightly run (usually none): by time within the user, not every row of theirs.
CREATE INDEX interactions_user_at ON interactions (user_id, at);
