-- Persons as BI tools know them. The fact tables keep pseudonyms (the person vault in the event store's database ties
-- them to the ids producers sent); person_names holds the ids of the pseudonyms still in the vault, in memory only
-- (a Join table that is never written to disk), filled by the projector from the vault at each start and batch, and
-- emptied of an erased person's entries by the erasure. The views that show persons show the id sent, or the
-- pseudonym once the person is erased (and for events stored before the vault existed, the id as stored).

CREATE TABLE IF NOT EXISTS {{db}}.person_names
(
    pseudonym String,
    identifier String
)
ENGINE = Join(ANY, LEFT, pseudonym)
SETTINGS persistent = 0;

CREATE OR REPLACE VIEW {{db}}.bi_lead_funnel
(
    definition_id String COMMENT 'lead definition the lifecycle is derived under',
    version UInt32 COMMENT 'its version',
    is_active Bool COMMENT 'true for the version every query uses by default',
    person_id String,
    account_id String COMMENT 'the account the person works for',
    first_touch_campaign_id String COMMENT 'campaign of the first touch, anonymous touches included',
    first_touch_channel String,
    current_stage String COMMENT 'known, mql, sal, sql, won, lost, rejected or recycled, as of now',
    known_at Nullable(DateTime64(3, 'UTC')) COMMENT 'first time the person entered each stage; NULL: never',
    mql_at Nullable(DateTime64(3, 'UTC')),
    sal_at Nullable(DateTime64(3, 'UTC')),
    sql_at Nullable(DateTime64(3, 'UTC')),
    won_at Nullable(DateTime64(3, 'UTC')),
    lost_at Nullable(DateTime64(3, 'UTC')),
    rejected_at Nullable(DateTime64(3, 'UTC')),
    recycled_at Nullable(DateTime64(3, 'UTC')),
    days_mql_to_won Nullable(Float64) COMMENT 'velocity: days from the first MQL to won'
)
AS SELECT
    l.definition_id AS definition_id,
    l.version AS version,
    toBool((l.definition_id, l.version) IN (SELECT definition_id, version FROM {{db}}.active_lead_definition)) AS is_active,
    ifNull(joinGetOrNull('{{db}}.person_names', 'identifier', l.person_id), l.person_id) AS person_id,
    l.account_id AS account_id,
    l.first_touch_campaign_id AS first_touch_campaign_id,
    l.first_touch_channel AS first_touch_channel,
    l.transition_stages[arrayLastIndex(x -> x <= now64(3), l.transition_at)] AS current_stage,
    l.known_at AS known_at,
    l.mql_at AS mql_at,
    l.sal_at AS sal_at,
    l.sql_at AS sql_at,
    l.won_at AS won_at,
    l.lost_at AS lost_at,
    l.rejected_at AS rejected_at,
    if(l.recycled_at <= now64(3), l.recycled_at, NULL) AS recycled_at,
    if(l.mql_at IS NULL OR l.won_at IS NULL OR l.won_at < l.mql_at, NULL,
       dateDiff('millisecond', assumeNotNull(l.mql_at), assumeNotNull(l.won_at)) / 86400000) AS days_mql_to_won
FROM {{db}}.lead_lifecycles AS l FINAL
COMMENT 'One row per person and lead definition version: the first time they reached each stage, and where they are now.';

CREATE OR REPLACE VIEW {{db}}.bi_mql_handoffs
(
    definition_id String COMMENT 'lead definition the MQL is derived under',
    version UInt32,
    is_active Bool COMMENT 'true for the version every query uses by default',
    person_id String,
    qualified_at DateTime64(3, 'UTC') COMMENT 'when the person became an MQL (again, after a recycle)',
    qualified_campaign_id String COMMENT 'campaign of the latest touch at or before qualifying',
    qualified_channel String,
    owner_id String COMMENT 'owner of the first hand-off, else of the first follow-up; empty: nobody',
    handed_off_at Nullable(DateTime64(3, 'UTC')),
    follow_up_due_at Nullable(DateTime64(3, 'UTC')) COMMENT 'qualified_at plus the definition''s SLA; NULL without one',
    followed_up_at Nullable(DateTime64(3, 'UTC')) COMMENT 'first acceptance, rejection or sales activity',
    hours_to_follow_up Nullable(Float64),
    outcome String COMMENT 'accepted (sal, or straight onto a deal), rejected, recycled, or open',
    rejection_reason String,
    never_followed_up Bool COMMENT 'no acceptance, rejection or activity up to now',
    overdue Bool COMMENT 'never followed up and past the SLA'
)
AS SELECT
    definition_id,
    version,
    toBool((definition_id, version) IN (SELECT definition_id, version FROM {{db}}.active_lead_definition)) AS is_active,
    ifNull(joinGetOrNull('{{db}}.person_names', 'identifier', lead_lifecycles.person_id), lead_lifecycles.person_id) AS person_id,
    q_at AS qualified_at,
    q_campaign AS qualified_campaign_id,
    q_channel AS qualified_channel,
    q_owner AS owner_id,
    q_handed_off_at AS handed_off_at,
    q_due_at AS follow_up_due_at,
    q_followed_up_at AS followed_up_at,
    if(q_followed_up_at IS NULL, NULL, dateDiff('millisecond', q_at, assumeNotNull(q_followed_up_at)) / 3600000) AS hours_to_follow_up,
    multiIf(q_ended_at IS NULL OR q_ended_at > now64(3), 'open',
            q_ended_as IN ('sal', 'sql', 'won', 'lost'), 'accepted',
            q_ended_as) AS outcome,
    q_reason AS rejection_reason,
    toBool(q_followed_up_at IS NULL) AS never_followed_up,
    toBool(q_followed_up_at IS NULL AND q_due_at IS NOT NULL AND q_due_at < now64(3)) AS overdue
FROM {{db}}.lead_lifecycles FINAL
-- Names of their own for the joined elements: an alias equal to a column name would shadow the array.
ARRAY JOIN
    qualified_at AS q_at,
    qualified_campaign_ids AS q_campaign,
    qualified_channels AS q_channel,
    owner_ids AS q_owner,
    handed_off_at AS q_handed_off_at,
    follow_up_due_at AS q_due_at,
    followed_up_at AS q_followed_up_at,
    qualification_ended_at AS q_ended_at,
    qualification_ended_as AS q_ended_as,
    rejection_reasons AS q_reason
COMMENT 'One row per MQL under each lead definition version: owner, follow-up clock, outcome and rejection reason.';

CREATE OR REPLACE VIEW {{db}}.bi_handoffs
(
    person_id String COMMENT 'the lead handed to sales',
    owner_id String COMMENT 'sales owner of the latest handoff',
    handed_off_at DateTime64(3, 'UTC') COMMENT 'first handoff (lead.handed_off)',
    accepted_at Nullable(DateTime64(3, 'UTC')) COMMENT 'first acceptance (lead.accepted), NULL if none',
    rejected_at Nullable(DateTime64(3, 'UTC')) COMMENT 'first rejection (lead.rejected), NULL if none',
    rejection_reason String COMMENT 'reason of the latest rejection',
    first_activity_at Nullable(DateTime64(3, 'UTC')) COMMENT 'first sales activity (sales.activity.logged), NULL if none',
    hours_to_first_activity Nullable(Float64) COMMENT 'follow-up time in hours',
    outcome String COMMENT 'accepted, rejected or pending (never answered)'
)
AS SELECT
    ifNull(joinGetOrNull('{{db}}.person_names', 'identifier', lead_events.person_id), lead_events.person_id) AS person_id,
    argMaxIf(owner_id, occurred_at, kind = 'handed_off') AS owner_id,
    minIf(occurred_at, kind = 'handed_off') AS handed_off_at,
    if(countIf(kind = 'accepted') > 0, minIf(occurred_at, kind = 'accepted'), NULL) AS accepted_at,
    if(countIf(kind = 'rejected') > 0, minIf(occurred_at, kind = 'rejected'), NULL) AS rejected_at,
    argMaxIf(reason, occurred_at, kind = 'rejected') AS rejection_reason,
    if(countIf(kind = 'activity') > 0, minIf(occurred_at, kind = 'activity'), NULL) AS first_activity_at,
    if(first_activity_at IS NULL, NULL,
       dateDiff('second', handed_off_at, assumeNotNull(first_activity_at)) / 3600) AS hours_to_first_activity,
    multiIf(accepted_at IS NOT NULL, 'accepted', rejected_at IS NOT NULL, 'rejected', 'pending') AS outcome
FROM {{db}}.lead_events FINAL
GROUP BY lead_events.person_id
HAVING countIf(kind = 'handed_off') > 0
COMMENT 'Marketing-to-sales handoff per lead: owner, acceptance or rejection with reason, and the follow-up clock.';
