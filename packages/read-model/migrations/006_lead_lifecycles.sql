-- Lifecycles of every person under each lead definition version that is active or was replayed, kept current by the
-- projector like deal_credits: each batch recomputes the persons its events concern. One row per version and person
-- holds the whole lifecycle, so a recomputation that finds fewer transitions replaces the longer one.
--
-- The lifecycle is computed as of no particular moment: a recycle clock still running shows as a transition in the
-- future. Queries cut transitions at their `asOf` (now by default), which keeps the rows independent of when they were
-- computed, so replaying the same events under the same definition writes identical rows (all but computed_through,
-- which records when).

CREATE TABLE IF NOT EXISTS {{db}}.lead_lifecycles
(
    definition_id           String,
    version                 UInt32,
    person_id               String,
    account_id              String COMMENT 'the account the person works for, per their latest person.updated',
    first_touch_at          Nullable(DateTime64(3, 'UTC')),
    first_touch_campaign_id String COMMENT 'campaign of the person''s first touch, anonymous ones included',
    first_touch_channel     LowCardinality(String),
    -- First time the person entered each stage (NULL: never).
    known_at                Nullable(DateTime64(3, 'UTC')),
    mql_at                  Nullable(DateTime64(3, 'UTC')),
    sal_at                  Nullable(DateTime64(3, 'UTC')),
    sql_at                  Nullable(DateTime64(3, 'UTC')),
    won_at                  Nullable(DateTime64(3, 'UTC')),
    lost_at                 Nullable(DateTime64(3, 'UTC')),
    rejected_at             Nullable(DateTime64(3, 'UTC')),
    recycled_at             Nullable(DateTime64(3, 'UTC')),
    -- Every transition, in order.
    transition_stages       Array(LowCardinality(String)),
    transition_from         Array(LowCardinality(String)) COMMENT 'the stage left; empty for the first',
    transition_at           Array(DateTime64(3, 'UTC')),
    transition_event_ids    Array(String) COMMENT 'the event that caused each transition',
    transition_details      Array(String) COMMENT 'rejection reason, or which recycle clock ran out',
    -- Every time the person became an MQL, and what sales did about it.
    qualified_at            Array(DateTime64(3, 'UTC')),
    qualified_event_ids     Array(String),
    qualified_campaign_ids  Array(String) COMMENT 'campaign of the latest touch at or before qualifying',
    qualified_channels      Array(String),
    owner_ids               Array(String) COMMENT 'owner of the first hand-off, else of the first follow-up; empty: none',
    handed_off_at           Array(Nullable(DateTime64(3, 'UTC'))),
    follow_up_due_at        Array(Nullable(DateTime64(3, 'UTC'))) COMMENT 'qualified_at + slaHours; NULL without an SLA',
    followed_up_at          Array(Nullable(DateTime64(3, 'UTC'))) COMMENT 'first acceptance, rejection or activity',
    qualification_ended_at  Array(Nullable(DateTime64(3, 'UTC'))),
    qualification_ended_as  Array(LowCardinality(String)) COMMENT 'sal, sql, won, rejected, recycled...; empty while open',
    rejection_reasons       Array(String),
    computed_through        UInt64 COMMENT 'events the facts had absorbed when computed; the newest computation wins'
)
ENGINE = ReplacingMergeTree(computed_through)
ORDER BY (definition_id, version, person_id);

-- Activations of a lead definition version, from `lead_definition.activated` events. The latest in the log is active.
CREATE TABLE IF NOT EXISTS {{db}}.lead_definition_activations
(
    event_id      String,
    definition_id String,
    version       UInt32,
    occurred_at   DateTime64(3, 'UTC'),
    position      UInt64
)
ENGINE = ReplacingMergeTree(position)
ORDER BY event_id;

CREATE OR REPLACE VIEW {{db}}.active_lead_definition
AS SELECT
    argMax(definition_id, position) AS definition_id,
    argMax(version, position) AS version,
    argMax(occurred_at, position) AS activated_at
FROM {{db}}.lead_definition_activations FINAL
HAVING count() > 0
COMMENT 'The lead definition version every query uses unless told otherwise: the latest activation in the log.';

-- Replays of a lead definition version over all of history. Operational state, not facts: a replay is a computation
-- anyone can repeat. Each progress report inserts a new revision of the job's row.
CREATE TABLE IF NOT EXISTS {{db}}.replay_jobs
(
    job_id            String,
    definition_id     String,
    version           UInt32,
    state             LowCardinality(String) COMMENT 'running, done or failed',
    persons_total     UInt64,
    persons_processed UInt64,
    events_total      UInt64 COMMENT 'events of history being replayed (the projection''s count when it started)',
    error             String,
    started_at        DateTime64(3, 'UTC'),
    updated_at        DateTime64(3, 'UTC'),
    finished_at       Nullable(DateTime64(3, 'UTC')),
    revision          UInt64
)
ENGINE = ReplacingMergeTree(revision)
ORDER BY job_id;
