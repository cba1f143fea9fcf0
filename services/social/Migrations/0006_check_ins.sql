-- Daily check-in (签到): one row per user and calendar day in Asia/Shanghai. The primary key makes a second tap on the
-- same day a no-op; the streak is fixed when the row is written (yesterday's streak + 1), so reading it needs no scan.
CREATE TABLE check_ins (
    user_id     uuid        NOT NULL,
    day         date        NOT NULL,
    streak      integer     NOT NULL CHECK (streak >= 1),
    checked_at  timestamptz NOT NULL,
    PRIMARY KEY (user_id, day)
);
