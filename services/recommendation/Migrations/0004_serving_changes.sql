-- Every replica keeps each shopper's personal inputs to the for-you blend in memory (Serving/PersonalCandidates.cs) and
-- re-reads a shopper when a row here names them. tx is the writing transaction's id: a replica reads the rows of every
-- transaction at or above the oldest one still running when it last looked, so a change committed late is never skipped.
-- Consents and choices are noted by triggers (every writer, now and later, is covered); the privacy deletions of
-- user_candidates note their users themselves; the model runs' bulk rewrites are seen through model_runs instead.
CREATE TABLE serving_changes (
    tx       bigint      NOT NULL DEFAULT pg_current_xact_id()::text::bigint,
    user_id  uuid        NOT NULL,
    at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX serving_changes_tx ON serving_changes (tx);
CREATE INDEX serving_changes_at ON serving_changes (at);

CREATE FUNCTION note_serving_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO serving_changes (user_id) VALUES (OLD.user_id);
    ELSE
        INSERT INTO serving_changes (user_id) VALUES (NEW.user_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER consents_noted AFTER INSERT OR UPDATE OR DELETE ON consents
    FOR EACH ROW EXECUTE FUNCTION note_serving_change();
-- Views steer nothing personal (only purchases, likes and favourites do), and they are the most frequent signal.
CREATE TRIGGER choices_inserted_noted AFTER INSERT ON interactions
    FOR EACH ROW WHEN (NEW.kind <> 'view') EXECUTE FUNCTION note_serving_change();
CREATE TRIGGER choices_updated_noted AFTER UPDATE ON interactions
    FOR EACH ROW WHEN (NEW.kind <> 'view') EXECUTE FUNCTION note_serving_change();
CREATE TRIGGER choices_deleted_noted AFTER DELETE ON interactions
    FOR EACH ROW WHEN (OLD.kind <> 'view') EXECUTE FUNCTION note_serving_change();
