-- Every published version of every lead definition, as written. Versions are immutable: a version is published once.

CREATE TABLE IF NOT EXISTS {{db}}.lead_definitions
(
    definition_id String,
    version       UInt32,
    name          String,
    format        LowCardinality(String) COMMENT 'yaml or json',
    document      String COMMENT 'the definition as revenue operations wrote it',
    event_id      String,
    published_at  DateTime64(3, 'UTC'),
    position      UInt64
)
ENGINE = ReplacingMergeTree(position)
ORDER BY (definition_id, version);
