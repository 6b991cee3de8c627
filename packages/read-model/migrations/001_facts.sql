-- Facts projected from the event log, one row per event (or per natural key where later facts correct earlier ones).
-- Every table is a ReplacingMergeTree: re-applying an event after a projector restart writes the same row again and
-- the duplicate collapses, so queries read with FINAL. `position` is the event's place in the global log.

CREATE TABLE IF NOT EXISTS {{db}}.touchpoints
(
    touchpoint_id String COMMENT 'touchpointId of the event, or its eventId when the producer gave none',
    event_id      String,
    person_id     String COMMENT 'person named by the touch itself; empty for anonymous touches (see identity_links)',
    anonymous_id  String,
    account_id    String,
    campaign_id   String,
    channel       LowCardinality(String),
    touch_type    LowCardinality(String),
    content       String,
    cost_cents    Int64,
    occurred_at   DateTime64(3, 'UTC'),
    position      UInt64
)
ENGINE = ReplacingMergeTree(position)
ORDER BY touchpoint_id;

CREATE TABLE IF NOT EXISTS {{db}}.identity_links
(
    anonymous_id String,
    person_id    String,
    event_id     String,
    occurred_at  DateTime64(3, 'UTC'),
    position     UInt64
)
ENGINE = ReplacingMergeTree(position)
ORDER BY (anonymous_id, person_id);

CREATE TABLE IF NOT EXISTS {{db}}.person_updates
(
    event_id    String,
    person_id   String,
    account_id  String,
    attributes  Map(String, String),
    occurred_at DateTime64(3, 'UTC'),
    position    UInt64
)
ENGINE = ReplacingMergeTree(position)
ORDER BY event_id;

CREATE TABLE IF NOT EXISTS {{db}}.account_updates
(
    event_id    String,
    account_id  String,
    attributes  Map(String, String),
    occurred_at DateTime64(3, 'UTC'),
    position    UInt64
)
ENGINE = ReplacingMergeTree(position)
ORDER BY event_id;

CREATE TABLE IF NOT EXISTS {{db}}.campaign_updates
(
    event_id    String,
    campaign_id String,
    name        String,
    channel     String,
    attributes  Map(String, String),
    occurred_at DateTime64(3, 'UTC'),
    position    UInt64
)
ENGINE = ReplacingMergeTree(position)
ORDER BY event_id;

CREATE TABLE IF NOT EXISTS {{db}}.campaign_costs
(
    event_id     String,
    campaign_id  String,
    amount_cents Int64,
    currency     LowCardinality(String),
    period_start DateTime64(3, 'UTC'),
    period_end   DateTime64(3, 'UTC'),
    occurred_at  DateTime64(3, 'UTC'),
    position     UInt64
)
ENGINE = ReplacingMergeTree(position)
ORDER BY event_id;

CREATE TABLE IF NOT EXISTS {{db}}.lead_events
(
    event_id      String,
    person_id     String,
    owner_id      String,
    kind          LowCardinality(String) COMMENT 'handed_off | accepted | rejected | activity',
    reason        String,
    activity_type String,
    occurred_at   DateTime64(3, 'UTC'),
    position      UInt64
)
ENGINE = ReplacingMergeTree(position)
ORDER BY event_id;

CREATE TABLE IF NOT EXISTS {{db}}.deal_events
(
    event_id        String,
    deal_id         String,
    kind            LowCardinality(String) COMMENT 'created | updated | won | lost',
    account_id      String,
    amount_cents    Int64,
    has_amount      UInt8,
    currency        LowCardinality(String),
    stage           String,
    contact_ids     Array(String),
    has_contacts    UInt8,
    is_new_business UInt8,
    reason          String,
    occurred_at     DateTime64(3, 'UTC'),
    position        UInt64
)
ENGINE = ReplacingMergeTree(position)
ORDER BY event_id;

-- Where each projection has got to in the global log. Written after the rows of a batch, so a crash in between only
-- means the batch is applied again, which the tables above absorb.
CREATE TABLE IF NOT EXISTS {{db}}.projection_checkpoints
(
    projection_name  String,
    commit_position  UInt64,
    prepare_position UInt64,
    events_processed UInt64,
    updated_at       DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(events_processed)
ORDER BY projection_name;
