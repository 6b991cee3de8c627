-- Current state derived from the facts. Views, not tables: a late or corrected event changes them at once, and a
-- replay has nothing else to rebuild. Business time (occurred_at) decides which fact is the latest; the log position
-- breaks ties. Each COMMENT follows its SELECT, the form ClickHouse 24.8 understands.

CREATE OR REPLACE VIEW {{db}}.identity_map
AS SELECT
    anonymous_id,
    argMin(person_id, (occurred_at, position)) AS person_id,
    min(occurred_at) AS linked_at
FROM {{db}}.identity_links FINAL
GROUP BY anonymous_id
COMMENT 'Which person an anonymous id belongs to: the first link by business time wins.';

CREATE OR REPLACE VIEW {{db}}.touchpoints_stitched
AS SELECT
    t.touchpoint_id AS touchpoint_id,
    t.event_id AS event_id,
    if(t.person_id != '', t.person_id, m.person_id) AS person_id,
    t.person_id != '' AS identified,
    t.anonymous_id AS anonymous_id,
    t.account_id AS account_id,
    t.campaign_id AS campaign_id,
    t.channel AS channel,
    t.touch_type AS touch_type,
    t.content AS content,
    t.cost_cents AS cost_cents,
    t.occurred_at AS occurred_at
FROM {{db}}.touchpoints AS t FINAL
LEFT JOIN {{db}}.identity_map AS m ON t.anonymous_id = m.anonymous_id
COMMENT 'Touchpoints with the person they belong to, anonymous touches joined to their person retroactively.';

CREATE OR REPLACE VIEW {{db}}.persons
AS SELECT
    person_id,
    argMaxIf(account_id, (occurred_at, position), account_id != '') AS account_id,
    argMax(attributes, (occurred_at, position)) AS attributes,
    max(occurred_at) AS updated_at
FROM {{db}}.person_updates FINAL
GROUP BY person_id
COMMENT 'Current state of each person: latest account and attributes.';

CREATE OR REPLACE VIEW {{db}}.accounts
AS SELECT
    account_id,
    argMax(attributes, (occurred_at, position)) AS attributes,
    max(occurred_at) AS updated_at
FROM {{db}}.account_updates FINAL
GROUP BY account_id
COMMENT 'Current state of each account: latest attributes.';

CREATE OR REPLACE VIEW {{db}}.campaigns
AS SELECT
    campaign_id,
    argMaxIf(name, (occurred_at, position), name != '') AS name,
    argMaxIf(channel, (occurred_at, position), channel != '') AS channel,
    argMax(attributes, (occurred_at, position)) AS attributes
FROM {{db}}.campaign_updates FINAL
GROUP BY campaign_id
COMMENT 'Current name and channel of each campaign.';

CREATE OR REPLACE VIEW {{db}}.deals
AS SELECT
    deal_id,
    latest_account_id AS account_id,
    latest_amount_cents AS amount_cents,
    if(won_with_amount, won_amount, latest_amount_cents) AS won_amount_cents,
    created_currency AS currency,
    latest_contact_ids AS contact_ids,
    latest_stage AS stage,
    new_business AS is_new_business,
    first_created_at AS created_at,
    last_outcome AS outcome,
    last_outcome = 'won' AS is_won,
    last_outcome = 'lost' AS is_lost,
    if(last_outcome = 'won', last_won_at, NULL) AS won_at,
    if(last_outcome = 'lost', last_lost_at, NULL) AS lost_at,
    last_lost_reason AS lost_reason
FROM
(
    -- Aggregates get names of their own so that no alias shadows a column of deal_events.
    SELECT
        deal_id,
        argMaxIf(account_id, (occurred_at, position), kind = 'created') AS latest_account_id,
        argMaxIf(amount_cents, (occurred_at, position), has_amount AND kind IN ('created', 'updated')) AS latest_amount_cents,
        countIf(kind = 'won' AND has_amount) > 0 AS won_with_amount,
        argMaxIf(amount_cents, (occurred_at, position), kind = 'won' AND has_amount) AS won_amount,
        anyIf(currency, kind = 'created') AS created_currency,
        argMaxIf(contact_ids, (occurred_at, position), has_contacts) AS latest_contact_ids,
        argMaxIf(stage, (occurred_at, position), stage != '') AS latest_stage,
        maxIf(is_new_business, kind = 'created') = 1 AS new_business,
        minIf(occurred_at, kind = 'created') AS first_created_at,
        argMaxIf(kind, (occurred_at, position), kind IN ('won', 'lost')) AS last_outcome,
        maxIf(occurred_at, kind = 'won') AS last_won_at,
        maxIf(occurred_at, kind = 'lost') AS last_lost_at,
        argMaxIf(reason, (occurred_at, position), kind = 'lost') AS last_lost_reason
    FROM {{db}}.deal_events FINAL
    GROUP BY deal_id
    HAVING countIf(kind = 'created') > 0
)
COMMENT 'Current state of each created deal: amount, contacts, status and the times it was created, won or lost.';
