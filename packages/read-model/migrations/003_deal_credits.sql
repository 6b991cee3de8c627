-- Attribution credit of every deal under every model, with the default lookback (365 days) and half-life (7 days),
-- kept current by the projector: each batch recomputes the deals its events touch (the deal itself, a touch of one of
-- its contacts, an identity link of one of them). One row per deal and model holds all of its credits, so a deal whose
-- journey shrinks loses its old credits with the row it replaces. Without a version column the newest insert wins,
-- and the newest computation is always made from the newest facts.

CREATE TABLE IF NOT EXISTS {{db}}.deal_credits
(
    model              LowCardinality(String),
    deal_id            String,
    created_at         DateTime64(3, 'UTC'),
    won_at             Nullable(DateTime64(3, 'UTC')),
    amount_cents       Int64 COMMENT 'current amount: what the deal counts for as pipeline',
    won_amount_cents   Int64 COMMENT 'won amount (the amount on deal.won, else the current one): revenue',
    touchpoint_ids     Array(String),
    campaign_ids       Array(String),
    channels           Array(String),
    share_parts        Array(Int64) COMMENT 'each touch''s share of the deal in parts of 1e9; they sum to 1e9',
    pipeline_cents     Array(Int64) COMMENT 'each touch''s part of amount_cents; they sum to it exactly',
    revenue_cents      Array(Int64) COMMENT 'each touch''s part of won_amount_cents; they sum to it exactly'
)
ENGINE = ReplacingMergeTree
ORDER BY (model, deal_id);
