-- Custom position-based attribution models saved by name (attribution_model.saved). Saving a name again replaces its
-- weights: the row latest in the log wins.
CREATE TABLE IF NOT EXISTS {{db}}.custom_models
(
    name        String,
    weights     Map(LowCardinality(String), Float64) COMMENT 'percent of the deal per position (FT, LC, MQL, OC, CW, middle), summing to 100',
    event_id    String,
    occurred_at DateTime64(3, 'UTC') COMMENT 'when it was saved',
    position    UInt64
)
ENGINE = ReplacingMergeTree(position)
ORDER BY name
COMMENT 'Custom attribution models by name: the weights revenue-by-campaign uses for model=custom&customModel=<name>.';
