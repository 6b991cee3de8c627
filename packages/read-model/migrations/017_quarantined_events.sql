-- Events a projection could not apply. The projector never stops on an event: it sets the event aside here with the
-- reason and its place in the log, moves on, and applies it again when someone asks (POST /v1/quarantine/retry, after
-- a fix). Each change of an event's state inserts a new revision of its row.
CREATE TABLE IF NOT EXISTS {{db}}.quarantined_events
(
    projection_name  LowCardinality(String),
    event_id         String,
    event_type       LowCardinality(String),
    stream_id        String COMMENT 'where the event is read from again for a retry',
    stream_version   UInt64,
    commit_position  UInt64,
    prepare_position UInt64,
    occurred_at      String COMMENT 'business time as the event carries it: text, since it may be what could not be stored',
    error            String COMMENT 'why it could not be applied: the first line of the error, without the data it was about',
    state            LowCardinality(String) COMMENT 'quarantined | retry_requested | reapplied',
    attempts         UInt32 COMMENT 'applications that failed',
    quarantined_at   DateTime64(3, 'UTC'),
    updated_at       DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY (projection_name, event_id);

CREATE OR REPLACE VIEW {{db}}.bi_quarantined_events
(
    projection_name String COMMENT 'the projection that could not apply the event',
    event_id String,
    event_type String,
    log_position String COMMENT 'commit/prepare position in the global log',
    occurred_at String,
    error String COMMENT 'why it could not be applied',
    state String COMMENT 'quarantined (set aside), retry_requested (to be applied again), reapplied (applied on a retry)',
    attempts UInt32,
    quarantined_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC')
)
AS SELECT
    projection_name,
    event_id,
    event_type,
    concat(toString(commit_position), '/', toString(prepare_position)),
    occurred_at,
    error,
    state,
    attempts,
    quarantined_at,
    updated_at
FROM {{db}}.quarantined_events FINAL
COMMENT 'Events the projector set aside because it could not apply them, with the reason; reapplied ones stay listed.';
