import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClickHouse } from '@attribution/clickhouse'
import { factsProjection } from '@attribution/projector'
import { dropDatabase, freshClickHouse } from './support/clickhouse.ts'
import { positionedEvents } from './support/events.ts'

const positioned = positionedEvents()
const rulesV1 = 'id: ours\nversion: 1\nextends: default\nrules:\n  - channel: linkedin\n    when: { referrerHost: "*linkedin.com" }\n'
const fromLinkedIn = (touchpointId: string) =>
  positioned('touchpoint.recorded', '2024-02-01T00:00:00Z', { touchpointId, personId: 'p1', touchType: 'page_view', referrer: 'https://www.linkedin.com/feed' })

/** The facts projection classifies each raw touch under the rules active at its place in the log. */
describe('touches classified under the active channel rules', () => {
  let clickhouse: ClickHouse
  const channels = async () => {
    const result = await clickhouse.client.query({
      query: `SELECT touchpoint_id, channel, campaign_id, channel_rules FROM ${clickhouse.table('touchpoints')} FINAL ORDER BY touchpoint_id`,
      format: 'JSONCompactEachRow',
    })
    return result.json()
  }

  beforeAll(async () => {
    clickhouse = await freshClickHouse('classifications')
  })
  afterAll(() => dropDatabase(clickhouse))

  it('Given no activation, Then the shipped default rules classify; an activation switches every derived touch, before and after it', async () => {
    const facts = factsProjection(clickhouse)
    await facts.apply([fromLinkedIn('t1')], 1)
    expect(await channels()).toEqual([['t1', 'organic_social', 'organic_social', 'default@1']])
    // Nobody replayed ours@1: the activation classifies the touches itself, so a read model rebuilt from the log (which
    // has no replay jobs) ends the same.
    await facts.apply(
      [
        positioned('channel_rules.published', '2024-02-02T00:00:00Z', { rulesId: 'ours', version: 1, format: 'yaml', document: rulesV1 }),
        positioned('channel_rules.activated', '2024-02-02T00:00:00Z', { rulesId: 'ours', version: 1 }),
        fromLinkedIn('t2'),
      ],
      4,
    )
    // A later batch reads the active version from the activation stored before it.
    await facts.apply([fromLinkedIn('t3')], 5)
    expect(await channels()).toEqual([
      ['t1', 'linkedin', 'linkedin', 'ours@1'],
      ['t2', 'linkedin', 'linkedin', 'ours@1'],
      ['t3', 'linkedin', 'linkedin', 'ours@1'],
    ])
  })

  it('Given an activation of rules nobody published, When applied, Then it fails with the reason (and the projector sets it aside)', async () => {
    const facts = factsProjection(clickhouse)
    await expect(
      facts.apply([positioned('channel_rules.activated', '2024-02-03T00:00:00Z', { rulesId: 'nobody', version: 3 }), fromLinkedIn('t4')], 7),
    ).rejects.toThrow('channel rules nobody@3 are not published')
  })
})

