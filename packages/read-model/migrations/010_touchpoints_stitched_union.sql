-- touchpoints_stitched joined every touch to the identity map, though only anonymous touches need it: at ten million
-- touches and two million identity links that join was most of the cost of reading a few deals' journeys. Identified
-- touches now pass through as they are, and only the anonymous ones are joined. Same columns, same rows.

CREATE OR REPLACE VIEW {{db}}.touchpoints_stitched
AS SELECT
    touchpoint_id, event_id, person_id, toUInt8(1) AS identified, anonymous_id, account_id, campaign_id, channel, touch_type,
    content, cost_cents, occurred_at
FROM {{db}}.touchpoints FINAL
WHERE person_id != ''
UNION ALL
SELECT
    t.touchpoint_id, t.event_id, m.person_id, toUInt8(0), t.anonymous_id, t.account_id, t.campaign_id, t.channel,
    t.touch_type, t.content, t.cost_cents, t.occurred_at
FROM (SELECT * FROM {{db}}.touchpoints FINAL WHERE person_id = '') AS t
LEFT JOIN {{db}}.identity_map AS m ON t.anonymous_id = m.anonymous_id
COMMENT 'Touchpoints with the person they belong to, anonymous touches joined to their person retroactively.';
