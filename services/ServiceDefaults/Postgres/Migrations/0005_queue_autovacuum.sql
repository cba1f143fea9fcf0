-- The outbox relay and the owed-call worker claim through partial indexes of rows not yet done, and each row done (or
-- leased) leaves a dead entry there until a vacuum removes it. PostgreSQL's default waits until a fifth of the table has
-- changed, so on a table holding days of done rows a claim walked the dead entries of every row since the last vacuum
-- (0.9 ms per owed-call claim under the checkout benchmark, 0.1 ms just vacuumed; docs/benchmarks.md, step [13]).
-- Vacuum these two after a fixed number of changes whatever their size; each visit is cheap (the visibility map skips
-- the pages of old done rows).
ALTER TABLE outbox_messages SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
                                 autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000);
ALTER TABLE owed_calls SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
                            autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000);
