-- Two more kinds of user content: a review's follow-up (追评) and an interest group's name and description (圈子).
ALTER TABLE rules DROP CONSTRAINT rules_kind_check;
ALTER TABLE rules ADD CONSTRAINT rules_kind_check
    CHECK (kind IN ('product', 'post', 'comment', 'review', 'follow-up', 'group', 'nickname'));

-- A follow-up is judged as a review is; a group's name and description as a post is (a shopper's own words, so
-- absolute terms pass), except that templated text is no signal for a group.
INSERT INTO rules (kind, category, outcome)
SELECT 'follow-up', category, outcome FROM rules WHERE kind = 'review'
UNION ALL
SELECT 'group', category, outcome FROM rules WHERE kind = 'post'
ON CONFLICT DO NOTHING;

UPDATE screening_config SET version = version + 1;
