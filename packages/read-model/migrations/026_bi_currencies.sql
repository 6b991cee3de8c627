-- BI views with currencies (docs/currencies.md). Credit lines hold every amount in the reporting currency, converted
-- by the credits projection before it was split; these views add what a deal was booked in, and list what waits for
-- an exchange rate.
--
-- bi_attribution_credits is rebuilt so that a deal whose pipeline waits for a rate (its created line is a tombstone)
-- still shows its converted revenue: the created and won lines are joined in full, either side standing for the deal.

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
    pipeline Decimal(18, 2) COMMENT 'credited part of the deal''s current amount, in the reporting currency (0 while unconverted)',
    revenue Decimal(18, 2) COMMENT 'credited part of the deal''s won amount, in the reporting currency (0 unless won, or while unconverted)',
    deal_currency String COMMENT 'the ISO 4217 currency the deal was booked in (empty: booked before currencies, in the reporting one)',
    original_amount Decimal(18, 2) COMMENT 'the deal''s current amount in its own currency',
    original_won_amount Nullable(Decimal(18, 2)) COMMENT 'the deal''s won amount in its own currency; NULL unless won',
    pipeline_converted UInt8 COMMENT '0 while no exchange rate converts the pipeline: it is then in bi_unconverted_deals, not in pipeline',
    revenue_converted UInt8 COMMENT '0 while no exchange rate converts the won amount of a won deal: see bi_unconverted_deals'
)
AS SELECT
    l.model AS model,
    l.deal_id AS deal_id,
    d.created_at AS deal_created_at,
    if(l.has_won, l.won_at, NULL) AS deal_won_at,
    credited_touch AS touchpoint_id,
    credited_campaign AS campaign_id,
    credited_channel AS channel,
    if(empty(l.touchpoint_ids), 1, credited_parts / 1e9) AS deal_share,
    -- Cents to Decimal first, then divide: exact, where a float division would truncate 123.45 to 123.44.
    toDecimal64(if(NOT l.has_created, 0, if(empty(l.touchpoint_ids), l.created_amount_cents, credited_pipeline)), 2) / 100 AS pipeline,
    toDecimal64(if(NOT l.has_won, 0, if(empty(l.touchpoint_ids), l.won_amount_cents, credited_revenue)), 2) / 100 AS revenue,
    d.currency AS deal_currency,
    toDecimal64(d.amount_cents, 2) / 100 AS original_amount,
    if(d.is_won, toDecimal64(d.won_amount_cents, 2) / 100, NULL) AS original_won_amount,
    l.has_created AS pipeline_converted,
    l.has_won OR NOT d.is_won AS revenue_converted
FROM
(
    SELECT
        if(c.deal_id != '', c.model, w.model) AS model,
        if(c.deal_id != '', c.deal_id, w.deal_id) AS deal_id,
        c.deal_id != '' AS has_created,
        w.deal_id != '' AS has_won,
        c.amount_cents AS created_amount_cents,
        w.amount_cents AS won_amount_cents,
        w.at AS won_at,
        -- A deal's two lines credit the same touches; the won line stands in while the pipeline waits for a rate.
        if(c.deal_id != '', c.touchpoint_ids, w.touchpoint_ids) AS touchpoint_ids,
        if(c.deal_id != '', c.campaign_ids, w.campaign_ids) AS campaign_ids,
        if(c.deal_id != '', c.channels, w.channels) AS channels,
        if(c.deal_id != '', c.share_parts, w.share_parts) AS share_parts,
        if(c.deal_id != '', c.cents, arrayMap(x -> toInt64(0), w.cents)) AS created_cents,
        if(w.deal_id != '', w.cents, arrayMap(x -> toInt64(0), c.cents)) AS won_cents
    FROM (SELECT * FROM {{db}}.credit_lines FINAL WHERE kind = 'created' AND NOT is_deleted) AS c
    FULL JOIN (SELECT * FROM {{db}}.credit_lines FINAL WHERE kind = 'won' AND NOT is_deleted) AS w
        ON w.model = c.model AND w.deal_id = c.deal_id
) AS l
LEFT JOIN {{db}}.deals AS d ON d.deal_id = l.deal_id
-- LEFT keeps deals without touches, with empty campaign: the unattributed amount stays visible.
LEFT ARRAY JOIN
    l.touchpoint_ids AS credited_touch,
    l.campaign_ids AS credited_campaign,
    l.channels AS credited_channel,
    l.share_parts AS credited_parts,
    l.created_cents AS credited_pipeline,
    l.won_cents AS credited_revenue
COMMENT 'One row per credited touch of every deal under every model (default lookback 365 days, half-life 7 days), in the reporting currency, with what the deal was booked in.';

CREATE OR REPLACE VIEW {{db}}.bi_unconverted_deals
(
    deal_id String COMMENT 'the deal',
    measure String COMMENT 'pipeline: its amount when created; revenue: its won amount when won',
    at DateTime64(3, 'UTC') COMMENT 'the moment that lacks an exchange rate: when the deal was created (pipeline) or won (revenue)',
    currency String COMMENT 'the ISO 4217 currency the deal was booked in',
    original_amount Decimal(18, 2) COMMENT 'the amount in that currency, counted in no converted figure until a rate arrives'
)
AS SELECT
    deal_id,
    if(kind = 'created', 'pipeline', 'revenue') AS measure,
    at,
    currency,
    toDecimal64(original_cents, 2) / 100 AS original_amount
FROM {{db}}.deal_conversions FINAL
WHERE NOT converted
COMMENT 'Amounts of deals in another currency with no exchange rate in effect when they count: never summed at par, listed here until a rate converts them.';

CREATE OR REPLACE VIEW {{db}}.bi_exchange_rates
(
    currency String COMMENT 'ISO 4217 code',
    valid_from DateTime64(3, 'UTC') COMMENT 'the rate applies from here',
    valid_to Nullable(DateTime64(3, 'UTC')) COMMENT 'until the next rate of the currency (exclusive); NULL: still in effect',
    rate Decimal(38, 10) COMMENT 'units of the reporting currency one unit of the currency is worth'
)
AS SELECT
    currency,
    occurred_at AS valid_from,
    nullIf(leadInFrame(occurred_at, 1, toDateTime64(0, 3, 'UTC')) OVER (PARTITION BY currency ORDER BY occurred_at, position
        ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING), toDateTime64(0, 3, 'UTC')) AS valid_to,
    toDecimal128(rate, 10) AS rate
FROM {{db}}.exchange_rates FINAL
COMMENT 'Each currency''s rate timeline: a rate applies from its time until the next rate of the same currency.';

-- Deals count where their amounts do: a deal whose pipeline (revenue) waits for a rate counts in neither column yet.
CREATE OR REPLACE VIEW {{db}}.bi_revenue_by_campaign
(
    model String COMMENT 'attribution model',
    campaign_id String COMMENT 'campaign; empty for deals without touches (unattributed)',
    campaign_name String COMMENT 'latest name from campaign.updated',
    channel String COMMENT 'campaign channel, else the channel of its touches',
    pipeline Decimal(18, 2) COMMENT 'attributed amount of all deals created, in the reporting currency',
    revenue Decimal(18, 2) COMMENT 'attributed amount of all deals won, in the reporting currency',
    deals_created Float64 COMMENT 'fractional deals created (whose pipeline is converted)',
    deals_won Float64 COMMENT 'fractional deals won (whose revenue is converted)'
)
AS SELECT
    c.model AS model,
    c.campaign_id AS campaign_id,
    coalesce(nullIf(k.name, ''), '') AS campaign_name,
    if(k.channel != '', k.channel, any(c.channel)) AS channel,
    sum(c.pipeline) AS pipeline,
    sum(c.revenue) AS revenue,
    sumIf(c.deal_share, c.pipeline_converted) AS deals_created,
    sumIf(c.deal_share, c.deal_won_at IS NOT NULL AND c.revenue_converted) AS deals_won
FROM {{db}}.bi_attribution_credits AS c
LEFT JOIN {{db}}.campaigns AS k ON k.campaign_id = c.campaign_id
GROUP BY c.model, c.campaign_id, k.name, k.channel
COMMENT 'All-time pipeline and revenue per campaign and model, in the reporting currency; filter bi_attribution_credits for a period.';
