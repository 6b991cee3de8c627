import type { ClickHouse } from '@attribution/clickhouse'

/**
 * Switches the touch facts to an activated version: every touch whose campaign or channel was derived takes the ones
 * its latest version has under the version in touch_channels (which the activation fills first: see
 * touchClassifications.ts in the projector), written as a new row at the same position, which
 * ReplacingMergeTree keeps over the older one (the later insert wins at equal versions); the lookup tables follow by
 * their materialized views. One statement in ClickHouse over the touches, run once per activation.
 */
export async function switchTouchesTo(clickhouse: ClickHouse, rulesRef: string): Promise<void> {
  const t = clickhouse.table
  const columns = `touchpoint_id, event_id, person_id, anonymous_id, account_id, campaign_id, channel, touch_type, content, cost_cents,
                   occurred_at, position, url, referrer, utm_source, utm_medium, utm_campaign, utm_term, utm_content,
                   stated_campaign_id, stated_channel, channel_rules`
  await clickhouse.client.command({
    query: `INSERT INTO ${t('touchpoints')} (${columns})
            SELECT p.touchpoint_id, p.event_id, p.person_id, p.anonymous_id, p.account_id, c.campaign_id, c.channel, p.touch_type,
                   p.content, p.cost_cents, p.occurred_at, p.position, p.url, p.referrer, p.utm_source, p.utm_medium,
                   p.utm_campaign, p.utm_term, p.utm_content, p.stated_campaign_id, p.stated_channel, {rulesRef:String}
            FROM (SELECT * FROM ${t('touchpoints')} FINAL WHERE channel_rules != '') AS p
            INNER JOIN (SELECT touchpoint_id, campaign_id, channel, position FROM ${t('touch_channels')} FINAL
                        WHERE rules_ref = {rulesRef:String}) AS c
                    ON c.touchpoint_id = p.touchpoint_id AND c.position = p.position
            WHERE p.channel_rules != {rulesRef:String} OR p.campaign_id != c.campaign_id OR p.channel != c.channel`,
    query_params: { rulesRef },
  })
}

/**
 * Every person with a touch whose campaign or channel the rules derive (anonymous touches stitched to their person):
 * whose lifecycles an activation of channel rules can change, since lead definitions match on channel and campaign.
 */
export async function personsWithDerivedTouches(clickhouse: ClickHouse): Promise<string[]> {
  const t = clickhouse.table
  const result = await clickhouse.client.query({
    query: `SELECT DISTINCT person_id FROM ${t('touchpoints_stitched')}
            WHERE person_id != '' AND touchpoint_id IN (SELECT touchpoint_id FROM ${t('touchpoints')} FINAL WHERE channel_rules != '')
            ORDER BY person_id`,
    format: 'JSONCompactEachRow',
  })
  return (await result.json<[string]>()).map(([personId]) => personId)
}
