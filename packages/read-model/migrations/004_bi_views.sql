-- Stable views for BI tools (Metabase, Superset, Grafana, Tableau). The read-only `bi` user reads these; the tables
-- behind them may change shape between versions, these columns will not. Money is in the reporting currency's
-- major unit.

CREATE OR REPLACE VIEW {{db}}.bi_attribution_credits
(
    model String COMMENT 'attribution model: first_touch, last_touch, linear, u_shaped, w_shaped, full_path, time_decay',
    deal_id String COMMENT 'the deal credited',
    deal_created_at DateTime64(3, 'UTC') COMMENT 'filter on this for pipeline in a period',
    deal_won_at Nullable(DateTime64(3, 'UTC')) COMMENT 'filter on this for revenue in a period; NULL unless won',
    touchpoint_id String COMMENT 'the touch credited; empty for a deal without touches (unattributed)',
    campaign_id String COMMENT 'campaign of the touch; empty when unattributed',
    channel String COMMENT 'channel of the touch; empty when unattributed',
    deal_share Float64 COMMENT 'fraction of the deal credited to this touch (sums to 1 per deal and model)',
    pipeline Decimal(18, 2) COMMENT 'credited part of the deal''s current amount',
    revenue Decimal(18, 2) COMMENT 'credited part of the deal''s won amount (0 unless won)'
)
AS SELECT
    model,
    deal_id,
    created_at AS deal_created_at,
    won_at AS deal_won_at,
    credited_touch AS touchpoint_id,
    credited_campaign AS campaign_id,
    credited_channel AS channel,
    if(empty(touchpoint_ids), 1, credited_parts / 1e9) AS deal_share,
    -- Cents to Decimal first, then divide: exact, where a float division would truncate 123.45 to 123.44.
    toDecimal64(if(empty(touchpoint_ids), amount_cents, credited_pipeline), 2) / 100 AS pipeline,
    toDecimal64(if(won_at IS NULL, 0, if(empty(touchpoint_ids), won_amount_cents, credited_revenue)), 2) / 100 AS revenue
FROM {{db}}.deal_credits FINAL
-- LEFT keeps deals without touches, with empty campaign: the unattributed amount stays visible.
LEFT ARRAY JOIN
    touchpoint_ids AS credited_touch,
    campaign_ids AS credited_campaign,
    channels AS credited_channel,
    share_parts AS credited_parts,
    pipeline_cents AS credited_pipeline,
    revenue_cents AS credited_revenue
COMMENT 'One row per credited touch of every deal under every model (default lookback 365 days, half-life 7 days).';

CREATE OR REPLACE VIEW {{db}}.bi_revenue_by_campaign
(
    model String COMMENT 'attribution model',
    campaign_id String COMMENT 'campaign; empty for deals without touches (unattributed)',
    campaign_name String COMMENT 'latest name from campaign.updated',
    channel String COMMENT 'campaign channel, else the channel of its touches',
    pipeline Decimal(18, 2) COMMENT 'attributed amount of all deals created',
    revenue Decimal(18, 2) COMMENT 'attributed amount of all deals won',
    deals_created Float64 COMMENT 'fractional deals created',
    deals_won Float64 COMMENT 'fractional deals won'
)
AS SELECT
    c.model AS model,
    c.campaign_id AS campaign_id,
    coalesce(nullIf(k.name, ''), '') AS campaign_name,
    if(k.channel != '', k.channel, any(c.channel)) AS channel,
    sum(c.pipeline) AS pipeline,
    sum(c.revenue) AS revenue,
    sum(c.deal_share) AS deals_created,
    sumIf(c.deal_share, c.deal_won_at IS NOT NULL) AS deals_won
FROM {{db}}.bi_attribution_credits AS c
LEFT JOIN {{db}}.campaigns AS k ON k.campaign_id = c.campaign_id
GROUP BY c.model, c.campaign_id, k.name, k.channel
COMMENT 'All-time pipeline and revenue per campaign and model; filter bi_attribution_credits for a period.';

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
    person_id,
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
GROUP BY person_id
HAVING countIf(kind = 'handed_off') > 0
COMMENT 'Marketing-to-sales handoff per lead: owner, acceptance or rejection with reason, and the follow-up clock.';
