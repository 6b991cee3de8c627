-- Channel rules (docs/channel-rules.md): the versions published and the activations, as facts of the log. The shipped
-- `default` rules are code (packages/domain) and active while no activation exists.
CREATE TABLE IF NOT EXISTS {{db}}.channel_rule_sets
(
    rules_id     String,
    version      UInt32,
    format       LowCardinality(String) COMMENT 'yaml or json',
    document     String COMMENT 'the rules as written',
    event_id     String,
    published_at DateTime64(3, 'UTC'),
    position     UInt64
)
ENGINE = ReplacingMergeTree(position)
ORDER BY (rules_id, version);

CREATE TABLE IF NOT EXISTS {{db}}.channel_rules_activations
(
    rules_id    String,
    version     UInt32,
    event_id    String,
    occurred_at DateTime64(3, 'UTC'),
    position    UInt64
)
ENGINE = ReplacingMergeTree(position)
ORDER BY event_id;
