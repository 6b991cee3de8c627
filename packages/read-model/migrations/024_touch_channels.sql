-- Channel rules versions that are not active (docs/channel-rules.md): the channel and campaign each derived touch gets
-- under them, keyed by version and touch. A replay fills a version's rows in one pass over the touches; from the moment
-- it is recorded the projector keeps them current for every new touch. A replay writes only touches that do not state
-- both their campaign and channel (the others are the same under any rules; readers take a touch without a row as it
-- is); the projector writes every new touch, so that one re-sent stating them replaces its derived row. `position` is
-- that of the touch's version classified.
CREATE TABLE IF NOT EXISTS {{db}}.touch_channels
(
    rules_ref     LowCardinality(String) COMMENT 'rules@version',
    touchpoint_id String,
    campaign_id   String,
    channel       LowCardinality(String),
    position      UInt64
)
ENGINE = ReplacingMergeTree(position)
ORDER BY (rules_ref, touchpoint_id);
