-- Per-touch costs (a paid click's price) apart from the touches: summing them per window used to deduplicate every
-- touch (touchpoints FINAL), which at ten million touches cost more than the rest of revenue-by-campaign together.
-- Only rows that can matter are kept: touches with a cost, and every version of a touch whose producer gave it an id
-- of its own (touchpointId), since only those can be corrected later, perhaps to no cost at all.

CREATE TABLE IF NOT EXISTS {{db}}.touch_costs
(
    touchpoint_id String,
    campaign_id   String,
    cost_cents    Int64,
    occurred_at   DateTime64(3, 'UTC'),
    position      UInt64
)
ENGINE = ReplacingMergeTree(position)
ORDER BY touchpoint_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS {{db}}.touch_costs_from_touchpoints TO {{db}}.touch_costs
AS SELECT touchpoint_id, campaign_id, cost_cents, occurred_at, position
FROM {{db}}.touchpoints
WHERE cost_cents != 0 OR touchpoint_id != event_id;

INSERT INTO {{db}}.touch_costs
SELECT touchpoint_id, campaign_id, cost_cents, occurred_at, position
FROM {{db}}.touchpoints
WHERE cost_cents != 0 OR touchpoint_id != event_id;
