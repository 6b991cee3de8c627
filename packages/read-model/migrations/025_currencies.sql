-- Currencies (docs/currencies.md). Deals and costs are booked in any ISO 4217 currency and reported in one, at the
-- rates recorded for each currency: a rate applies from its occurred_at until the next rate of the same currency.

-- The rates as recorded: one row per exchange_rate.recorded event. `rate` is the decimal text the contract made
-- canonical (at most ten decimals), kept as text so that conversion stays exact: the projector multiplies it with
-- integer cents in BigInt arithmetic. Sorted by currency and time, so a currency's timeline is one range.
CREATE TABLE IF NOT EXISTS {{db}}.exchange_rates
(
    event_id    String,
    currency    LowCardinality(String),
    rate        String COMMENT 'units of the reporting currency one unit of `currency` is worth, decimal text',
    occurred_at DateTime64(3, 'UTC') COMMENT 'from when the rate applies, until the next rate of the currency',
    position    UInt64
)
ENGINE = ReplacingMergeTree(position)
ORDER BY (currency, occurred_at, event_id);

-- What each deal in another currency than the reporting one is worth in it: its pipeline at the rate in effect when
-- it was created (kind created) and its revenue at the rate in effect when it was won (kind won). Kept by the credits
-- projection with every recomputation of the deal, from the same conversion its credit lines are split from, so BI
-- views, the funnel and the `unconverted` lists of the answers agree with the credits. A deal in the reporting currency
-- has no row: it is at par. While no rate is in effect, `converted` is 0 and `cents` 0: the amount is listed as
-- unconverted, never summed. A won row whose deal is no longer won is a tombstone.
CREATE TABLE IF NOT EXISTS {{db}}.deal_conversions
(
    deal_id        String,
    kind           LowCardinality(String) COMMENT 'created: the pipeline, at the creation; won: the revenue, at the win',
    at             DateTime64(3, 'UTC') COMMENT 'the moment whose rate applies',
    currency       LowCardinality(String),
    original_cents Int64 COMMENT 'the amount in its own currency, in hundredths of its major unit',
    rate           String COMMENT 'the rate applied; empty while none is in effect',
    converted      UInt8,
    cents          Int64 COMMENT 'the amount in the reporting currency, rounded half-up to the cent; 0 while unconverted',
    version        UInt64,
    is_deleted     UInt8
)
ENGINE = ReplacingMergeTree(version, is_deleted)
ORDER BY (deal_id, kind);

-- Which deals a rate can restate, found by key: every moment a deal in another currency was converted at, by currency
-- and time. A rate recorded late for [its time, the currency's next rate) restates exactly the deals with a moment in
-- that range, one range of this table, whatever the size of history. Rows only accumulate (a moment a deal has left
-- costs one needless recomputation, never a missed one), like the facts the other lookups read.
CREATE TABLE IF NOT EXISTS {{db}}.currency_moments
(
    currency LowCardinality(String),
    at       DateTime64(3, 'UTC'),
    deal_id  String
)
ENGINE = ReplacingMergeTree
ORDER BY (currency, at, deal_id);
