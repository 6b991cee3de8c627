-- A campaign's cost may be recorded again under the same costId (an ad platform's corrected spend for a day, imported
-- again): the later one replaces it, as a touch recorded again under its touchpointId does. So campaign_costs is keyed
-- by cost_id: 'cost:' and the costId the event gives, or else 'event:' and its event id (every cost on its own, as
-- before). ReplacingMergeTree keeps the row of the latest position, and the cost queries read it FINAL. The table is
-- copied with whatever columns it has, so that a migration adding columns before this one keeps them.
CREATE TABLE IF NOT EXISTS {{db}}.campaign_costs_by_cost_id
ENGINE = ReplacingMergeTree(position)
ORDER BY cost_id
AS SELECT *, concat('event:', event_id) AS cost_id FROM {{db}}.campaign_costs;
ALTER TABLE {{db}}.campaign_costs_by_cost_id
    MODIFY COLUMN cost_id String DEFAULT concat('event:', event_id)
    COMMENT 'the cost this row states: cost:<costId> when the event named one, else event:<eventId>';
EXCHANGE TABLES {{db}}.campaign_costs AND {{db}}.campaign_costs_by_cost_id;
DROP TABLE {{db}}.campaign_costs_by_cost_id;
