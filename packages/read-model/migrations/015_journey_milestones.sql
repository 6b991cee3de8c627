-- Custom weights nobody saved are answered from every deal's journey milestones rather than from every journey: the
-- milestones each touch holds (journeyMilestones) are all a custom model without an MQL weight needs, and weighing
-- them, then splitting the amounts to the cent, is arithmetic ClickHouse does per deal (milestoneTallies).
--
-- Laid out as credit_lines are: a line for the pipeline on the deal's creation day, one for its revenue on its win day,
-- tombstones on days it left, the newest version wins. Both lines hold the same journey.

CREATE TABLE IF NOT EXISTS {{db}}.journey_milestones
(
    kind                LowCardinality(String) COMMENT 'created: the deal''s pipeline, on its creation day; won: its revenue, on its win day',
    day                 Date32,
    deal_id             String,
    at                  DateTime64(3, 'UTC') COMMENT 'when the deal was created (won)',
    amount_cents        Int64 COMMENT 'created: the current amount; won: the won amount',
    campaign_ids        Array(String) COMMENT 'the touches of the journey to the win (to the creation while open), in journey order',
    channels            Array(String),
    creation_milestones Array(UInt8) COMMENT 'what each touch of the journey to the creation (the first touches) holds: FT 1, LC 2, OC 4',
    win_milestones      Array(UInt8) COMMENT 'what each touch of the journey to the win holds: FT 1, LC 2, OC 4, CW 8',
    version             UInt64,
    is_deleted          UInt8
)
ENGINE = ReplacingMergeTree(version, is_deleted)
ORDER BY (kind, day, deal_id);

-- One row once every deal's milestones are kept: before, answers are computed from the journeys. An install upgraded
-- from before this table gets its milestones from the projector at its next start.
CREATE TABLE IF NOT EXISTS {{db}}.journey_milestone_builds
(
    events_applied UInt64 COMMENT 'events the projector had applied when the build started',
    deals          UInt64,
    finished_at    DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY finished_at;
