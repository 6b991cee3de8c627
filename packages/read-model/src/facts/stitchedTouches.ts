import { selectTuples, type ClickHouse } from '@attribution/clickhouse'

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
 *
 * This is the form a query joins touches in (journeys under roles or the primary contact); loadStitchedTouches below
 * reads the same rows and stitches them alike in JavaScript, for the reads every batch makes. test/journeys.test.ts
 * holds both to touchpoints_stitched.
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

/** A touch of someone's, stitched as stitchedTouchesOf stitches it. */
export interface StitchedTouch {
  touchpointId: string
  eventId: string
  /** The person it counts for: its own person, or the person of its anonymous id's first link. */
  personId: string
  /** Recorded with a person id, not stitched from an anonymous one. */
  identified: boolean
  campaignId: string
  channel: string
  touchType: string
  content: string
  occurredAt: number
}

type RecordedTuple = [
  identified: number,
  recordedBy: string,
  touchpointId: string,
  eventId: string,
  campaignId: string,
  channel: string,
  touchType: string,
  content: string,
  occurredMs: string | number,
  position: string,
]

/**
 * The touches of some people, by person: the rows stitchedTouchesOf reads, read the same way by key, and stitched here
 * rather than by joins in ClickHouse. chDB spends milliseconds on every table and subquery a query plans, whatever it
 * reads (a deal's journey, joined in ClickHouse, cost 60 ms for no deal at all), and stitchedTouchesOf reads the touches
 * twice and the links three times. Here one query reads the touches, one the first link of the anonymous ids among
 * them, and a third, only when a touch was re-sent under an id of its own, which of its versions is the latest. Every
 * touch is under the person it counts for; a person without touches is absent.
 */
export async function loadStitchedTouches(clickhouse: ClickHouse, personIds: readonly string[]): Promise<Map<string, StitchedTouch[]>> {
  const byPerson = new Map<string, StitchedTouch[]>()
  if (personIds.length === 0) return byPerson
  const t = clickhouse.table
  const persons = idSet('persons')
  const recorded = await selectTuples<RecordedTuple>(
    clickhouse,
    `SELECT identified, recorded_by, touchpoint_id, event_id, campaign_id, channel, touch_type, content,
            toUnixTimestamp64Milli(occurred_at), toString(position)
     FROM ${t('touches_by_person')} FINAL
     WHERE (identified = 1 AND recorded_by IN ${persons})
        OR (identified = 0 AND recorded_by IN (SELECT anonymous_id FROM ${t('links_by_person')} WHERE person_id IN ${persons}))`,
    { persons: personIds },
  )
  const anonymousIds = new Set<string>()
  const resent = new Set<string>()
  for (const [identified, recordedBy, touchpointId, eventId] of recorded) {
    if (!identified) anonymousIds.add(recordedBy)
    if (touchpointId !== eventId) resent.add(touchpointId)
  }
  const [firstPersons, latestPositions] = await Promise.all([
    keyedPairs(
      clickhouse,
      `SELECT anonymous_id, argMin(person_id, (occurred_at, position)) FROM ${t('identity_links')} FINAL
       WHERE anonymous_id IN ${idSet('keys')} GROUP BY anonymous_id`,
      anonymousIds,
    ),
    keyedPairs(
      clickhouse,
      `SELECT touchpoint_id, toString(max(position)) FROM ${t('touchpoints')} WHERE touchpoint_id IN ${idSet('keys')} GROUP BY touchpoint_id`,
      resent,
    ),
  ])
  for (const [identified, recordedBy, touchpointId, eventId, campaignId, channel, touchType, content, occurredMs, position] of recorded) {
    // Only a touch's latest version counts: an older one stays under the key it was recorded under.
    if (touchpointId !== eventId && latestPositions.get(touchpointId) !== position) continue
    const personId = identified ? recordedBy : firstPersons.get(recordedBy)
    if (personId === undefined) continue
    const touch = { touchpointId, eventId, personId, identified: Boolean(identified), campaignId, channel, touchType, content, occurredAt: Number(occurredMs) }
    const touches = byPerson.get(personId)
    if (touches) touches.push(touch)
    else byPerson.set(personId, [touch])
  }
  return byPerson
}

/**
 * The ids of an Array(String) parameter as a set built from it, for `IN`. Not the array itself: against
 * touches_by_person FINAL, an IN over the literal array of the 100,000 people of a rebuild step did not finish in 150 s,
 * where the set takes 0.6 s.
 */
const idSet = (parameter: string): string => `(SELECT arrayJoin({${parameter}:Array(String)}))`

/** Key -> value pairs a two-column query answers for these keys; no query when there are none. */
async function keyedPairs(clickhouse: ClickHouse, query: string, keys: ReadonlySet<string>): Promise<Map<string, string>> {
  if (keys.size === 0) return new Map()
  return new Map(await selectTuples<[string, string]>(clickhouse, query, { keys: [...keys] }))
}
