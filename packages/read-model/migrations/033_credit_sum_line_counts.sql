-- pair_lines: how many credit lines each (campaign, channel) pair of a day (a month) sums. With it the projector adds a
-- batch's changed lines to the sums it has (credits/creditSumChanges.ts) instead of summing every line of each day the
-- batch touches again, whose cost grew with the deals of that day; and a pair leaves a day's sums exactly when its last
-- line does (a pair whose lines all hold 0 parts and 0 cents stays, as a full sum keeps it).
-- Rows summed before this migration hold no counts: the projector sums every day once more at its next start and
-- records it in credit_sum_builds.
ALTER TABLE {{db}}.credit_days ADD COLUMN IF NOT EXISTS pair_lines Array(UInt64) AFTER cents;
ALTER TABLE {{db}}.credit_months ADD COLUMN IF NOT EXISTS pair_lines Array(UInt64) AFTER cents;

CREATE TABLE IF NOT EXISTS {{db}}.credit_sum_builds
(
    events_applied UInt64 COMMENT 'events the projector had applied when every day was summed with its line counts',
    deals          UInt64,
    finished_at    DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY finished_at;
