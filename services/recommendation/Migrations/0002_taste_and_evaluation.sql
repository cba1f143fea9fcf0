-- Written by the offline `train` command (Models/TasteTraining.cs): for each user with the personalisedRecommendations
-- consent, their best products by taste (implicit ALS), not yet bought. Read by the for-you blend; erased with the user.
CREATE TABLE taste_candidates (
    user_id     uuid             NOT NULL,
    product_id  uuid             NOT NULL,
    score       double precision NOT NULL,
    PRIMARY KEY (user_id, product_id)
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
