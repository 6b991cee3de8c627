import type { ClickHouse } from '@attribution/clickhouse'

/**
 * The touches of some people (`persons`, a subquery of their ids), stitched as touchpoints_stitched stitches them:
 * their own, and the anonymous touches of every id linked to one of them, each under the person its first link names
 * (identity_map), who may be someone else: callers keep the people they asked for. Read by key from the
 * tables sorted by person and by anonymous id (018_keyed_facts.sql), so the read costs what the people have, however
 * long the history: the view stitches every touch first.
 *
 * A touch whose producer gave it an id of its own can be re-sent under another person or anonymous id; its older row
 * then stays under the older key, and only a row that is its touch's latest version (by log position, as touchpoints
 * keeps it) counts. Only such touches are looked up in touchpoints: any other touch has one version.
 */
export function stitchedTouchesOf(t: ClickHouse['table'], persons: string): string {
  const linked = `SELECT anonymous_id FROM ${t('links_by_person')} WHERE person_id IN (${persons})`
  const recorded = `SELECT * FROM ${t('touches_by_person')} FINAL
                    WHERE (identified = 1 AND recorded_by IN (${persons})) OR (identified = 0 AND recorded_by IN (${linked}))`
  return `(
    SELECT s.touchpoint_id AS touchpoint_id, s.event_id AS event_id,
           if(s.identified = 1, s.recorded_by, m.first_person) AS person_id, s.identified AS identified,
           s.campaign_id AS campaign_id, s.channel AS channel, s.touch_type AS touch_type, s.content AS content,
           s.occurred_at AS occurred_at
    FROM (${recorded}) AS s
    LEFT JOIN (SELECT anonymous_id, argMin(person_id, (occurred_at, position)) AS first_person
               FROM ${t('identity_links')} FINAL
               WHERE anonymous_id IN (${linked})
               GROUP BY anonymous_id) AS m ON s.anonymous_id = m.anonymous_id
    LEFT JOIN (SELECT touchpoint_id, max(position) AS latest_position
               FROM ${t('touchpoints')}
               WHERE touchpoint_id IN (SELECT touchpoint_id FROM (${recorded}) WHERE touchpoint_id != event_id)
               GROUP BY touchpoint_id) AS v ON s.touchpoint_id = v.touchpoint_id
    WHERE s.touchpoint_id = s.event_id OR s.position = v.latest_position
  )`
}
