-- Precomputed attribution credit laid out by day, so revenue-by-campaign costs the same whatever the history holds.
--
-- credit_lines replaces deal_credits. A deal has one line per model for its pipeline, on the day it was created, and,
-- once won, one for its revenue, on the day it was won: ordered by (model, kind, day), a day's lines are one range of
-- the table. credit_days sums each day's lines per campaign and channel, and credit_months each month's days. A query
-- for any window reads the whole months it covers from credit_months, the other whole days from credit_days, and the
-- partial days at its ends from credit_lines.
--
-- The projector recomputes the lines of every deal a batch affects, then every day those deals count on now or
-- counted on before, from the lines, then those days' months. A line whose deal moved to another day (a correction of
-- the creation time, a win undone by a loss) is replaced by a tombstone (is_deleted = 1). The days a deal can ever
-- have counted on are those of its own created and won events, which the log keeps, so a recomputation after a crash
-- finds them again.
-- `version` is the projector's count of events applied when it computed the row: the newest computation wins.

CREATE TABLE IF NOT EXISTS {{db}}.credit_lines
(
    model          LowCardinality(String),
    kind           LowCardinality(String) COMMENT 'created: the deal''s pipeline, on its creation day; won: its revenue, on its win day',
    day            Date32,
    deal_id        String,
    at             DateTime64(3, 'UTC') COMMENT 'when the deal was created (won)',
    amount_cents   Int64 COMMENT 'created: the current amount; won: the won amount',
    touchpoint_ids Array(String),
    campaign_ids   Array(String),
    channels       Array(String),
    share_parts    Array(Int64) COMMENT 'each touch''s share of the deal in parts of 1e9; they sum to 1e9',
    cents          Array(Int64) COMMENT 'each touch''s part of amount_cents; they sum to it exactly',
    version        UInt64,
    is_deleted     UInt8
)
ENGINE = ReplacingMergeTree(version, is_deleted)
ORDER BY (model, kind, day, deal_id);

CREATE TABLE IF NOT EXISTS {{db}}.credit_days
(
    model              LowCardinality(String),
    kind               LowCardinality(String),
    day                Date32,
    deals              UInt64 COMMENT 'deals created (won) that day',
    unattributed_deals UInt64 COMMENT 'of which without any touch',
    unattributed_cents Int64 COMMENT 'their amount',
    campaign_ids       Array(String) COMMENT 'with channels: each (campaign, channel) pair credited that day',
    channels           Array(String),
    share_parts        Array(Int64),
    cents              Array(Int64),
    version            UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (model, kind, day);

-- The days of each month summed once more (`day` is the month's first): a year is 12 rows per model, not 365.
CREATE TABLE IF NOT EXISTS {{db}}.credit_months AS {{db}}.credit_days
ENGINE = ReplacingMergeTree(version)
ORDER BY (model, kind, day);

CREATE OR REPLACE VIEW {{db}}.bi_attribution_credits
(
    model String COMMENT 'attribution model: first_touch, last_touch, linear, u_shaped, w_shaped, full_path, time_decay',
    deal_id String COMMENT 'the deal credited',
    deal_created_at DateTime64(3, 'UTC') COMMENT 'filter on this for pipeline in a period',
    deal_won_at Nullable(DateTime64(3, 'UTC')) COMMENT 'filter on this for revenue in a period; NULL unless won',
    touchpoint_id String COMMENT 'the touch credited; empty for a deal without touches (unattributed)',
    campaign_id String COMMENT 'campaign of the touch; empty when unattributed',
    channel String COMMENT 'channel of the touch; empty when unattributed',
    deal_share Float64 COMMENT 'fraction of the deal credited to this touch (sums to 1 per deal and model)',
    pipeline Decimal(18, 2) COMMENT 'credited part of the deal''s current amount',
    revenue Decimal(18, 2) COMMENT 'credited part of the deal''s won amount (0 unless won)'
)
AS SELECT
    c.model AS model,
    c.deal_id AS deal_id,
    c.at AS deal_created_at,
    if(w.deal_id = '', NULL, w.at) AS deal_won_at,
    credited_touch AS touchpoint_id,
    credited_campaign AS campaign_id,
    credited_channel AS channel,
    if(empty(c.touchpoint_ids), 1, credited_parts / 1e9) AS deal_share,
    -- Cents to Decimal first, then divide: exact, where a float division would truncate 123.45 to 123.44.
    toDecimal64(if(empty(c.touchpoint_ids), c.amount_cents, credited_pipeline), 2) / 100 AS pipeline,
    toDecimal64(if(w.deal_id = '', 0, if(empty(c.touchpoint_ids), w.amount_cents, credited_revenue)), 2) / 100 AS revenue
FROM (SELECT * FROM {{db}}.credit_lines FINAL WHERE kind = 'created' AND NOT is_deleted) AS c
LEFT JOIN (SELECT * FROM {{db}}.credit_lines FINAL WHERE kind = 'won' AND NOT is_deleted) AS w
    ON w.model = c.model AND w.deal_id = c.deal_id
-- LEFT keeps deals without touches, with empty campaign: the unattributed amount stays visible. A deal's two lines
-- credit the same touches, so the won line's cents line up with the created line's touches.
LEFT ARRAY JOIN
    c.touchpoint_ids AS credited_touch,
    c.campaign_ids AS credited_campaign,
    c.channels AS credited_channel,
    c.share_parts AS credited_parts,
    c.cents AS credited_pipeline,
    if(w.deal_id = '', arrayMap(x -> toInt64(0), c.cents), w.cents) AS credited_revenue
COMMENT 'One row per credited touch of every deal under every model (default lookback 365 days, half-life 7 days).';

DROP TABLE IF EXISTS {{db}}.deal_credits;

-- One row per finished rebuild of every deal's credits. Installs upgraded from before credit_lines existed have deals
-- but no lines: the projector rebuilds them once, at start, before it applies anything new.
CREATE TABLE IF NOT EXISTS {{db}}.credit_rebuilds
(
    events_applied UInt64 COMMENT 'events the projector had applied when the rebuild started',
    deals          UInt64,
    finished_at    DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY finished_at;
