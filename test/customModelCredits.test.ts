import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClickHouse } from '@attribution/clickhouse'
import {
  customCreditKey,
  loadCustomCredits,
  revenueByCampaign,
  saveCustomCredits,
  savedCustomModels,
  servedRevenueByCampaign,
  type AttributionQuery,
  type RevenueByCampaign,
  type TimeWindow,
} from '@attribution/read-model'
import { streamIdOf, type Event } from '@attribution/contracts'
import { attributionLevels, defaultAttributionOptions, parseCustomWeights, type CustomWeights } from '@attribution/domain'
import { openEventStore, type EventStore } from '@attribution/event-store'
import type { Projector } from '@attribution/projector'
import { simulate } from '@attribution/simulation'
import { dropDatabase, freshClickHouse } from './support/clickhouse.ts'
import { lateDeal, valid } from './support/events.ts'
import { projectAll } from './support/projection.ts'

const windows: TimeWindow[] = [{}, { from: '2025-07-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' }, { from: '2025-07-01T13:17:00.000Z' }]

let saves = 0
function saved(name: string, weights: Record<string, number>): Event {
  saves += 1
  return valid({ eventId: `save-${saves}`, type: 'attribution_model.saved', occurredAt: '2026-11-01T00:00:00Z', data: { name, weights } })
}

function weightsOf(given: Record<string, number>): CustomWeights {
  const parsed = parseCustomWeights(given)
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
  return parsed.weights
}

// Closers earn a share (CW): their journeys run on to the win, unlike any rule-based model's but full path's.
const closers = { FT: 20, LC: 20, OC: 20, CW: 30, middle: 10 }
const opener = { FT: 70, OC: 30 }

/** Answers under the weights, read from the projector's credits and computed from the journeys, are the same. */
async function expectCreditedEqualsLive(
  clickhouse: ClickHouse,
  weights: CustomWeights,
  served: (query: AttributionQuery) => Promise<RevenueByCampaign>,
): Promise<void> {
  for (const level of attributionLevels) {
    for (const window of windows) {
      const query: AttributionQuery = { model: 'custom', weights, level, ...window, ...defaultAttributionOptions }
      const credited = await revenueByCampaign(clickhouse, query)
      const what = `${JSON.stringify(weights)} ${level} ${JSON.stringify(window)}`
      expect(credited, what).toEqual(await revenueByCampaign(clickhouse, query, 'live'))
      expect(await served(query), `served ${what}`).toEqual(credited)
      // Every deal credited in full, to the cent, as under any rule-based model.
      const linear = await revenueByCampaign(clickhouse, { ...query, model: 'linear' })
      expect(credited.totals.revenue + credited.unattributed.revenue, what).toBeCloseTo(linear.totals.revenue + linear.unattributed.revenue, 2)
    }
  }
}

async function creditedModels(clickhouse: ClickHouse): Promise<string[]> {
  const result = await clickhouse.client.query({
    query: `SELECT groupUniqArray(model) AS models FROM ${clickhouse.table('credit_lines')} WHERE model LIKE 'custom:%'`,
    format: 'JSONEachRow',
  })
  const [row] = await result.json<{ models: string[] }>()
  return (row?.models ?? []).sort()
}

describe('saved custom models credited by the projector', () => {
  let store: EventStore
  let clickhouse: ClickHouse
  let served: (query: AttributionQuery) => Promise<RevenueByCampaign>

  const running = (work?: (projector: Projector) => Promise<void>) =>
    projectAll({ store, clickhouse, retrainGrowth: Number.POSITIVE_INFINITY }, work)

  beforeAll(async () => {
    store = await openEventStore('memory:')
    clickhouse = await freshClickHouse('custom_credits')
    served = servedRevenueByCampaign(clickhouse)
    await store.append([...simulate({ accounts: 40, seed: 11 })])
  })

  afterAll(async () => {
    await dropDatabase(clickhouse)
    await store.close()
  })

  it('credits every deal under each saved model, and answers under its weights from those credits', async () => {
    await store.append([saved('closers', closers), saved('opener', opener), saved('mql-half', { FT: 50, MQL: 50 })])
    await running((projector) => projector.creditCustomModels())

    const models = await savedCustomModels(clickhouse)
    expect(models.map(({ name, answers }) => ({ name, answers }))).toEqual([
      { name: 'closers', answers: 'precomputed' },
      { name: 'mql-half', answers: 'from milestones' },
      { name: 'opener', answers: 'precomputed' },
    ])
    const keyOf = (name: string) => customCreditKey(models.find((model) => model.name === name) ?? { name, position: '?' })
    expect(await creditedModels(clickhouse)).toEqual([keyOf('closers'), keyOf('opener')])
    expect((await loadCustomCredits(clickhouse)).map(({ name, state }) => ({ name, state }))).toEqual([
      { name: 'closers', state: 'ready' },
      { name: 'opener', state: 'ready' },
    ])
    await expectCreditedEqualsLive(clickhouse, weightsOf(closers), served)
    await expectCreditedEqualsLive(clickhouse, weightsOf(opener), served)
  })

  it('keeps them current batch by batch, credits a model saved again anew and deletes its older credits', async () => {
    const before = await savedCustomModels(clickhouse)
    const openerBefore = before.find(({ name }) => name === 'opener')
    await store.append(lateDeal(1234.57))
    await running()
    // Credited in the batch that brought it: 70 % to its first touch, 30 % to the last before the deal, to the cent.
    const june = await revenueByCampaign(clickhouse, { model: 'custom', weights: weightsOf(opener), level: 'campaign', from: '2026-06-03', to: '2026-06-04', ...defaultAttributionOptions })
    const earning = june.rows.filter(({ pipeline }) => pipeline > 0)
    expect(earning.map(({ campaignId, pipeline }) => ({ campaignId, pipeline }))).toEqual([
      { campaignId: 'late-c1', pipeline: 864.2 },
      { campaignId: 'late-c2', pipeline: 370.37 },
    ])
    await expectCreditedEqualsLive(clickhouse, weightsOf(opener), served)

    // opener saved again with other weights, closers with the MQL: one new key, and closers' credits go.
    const reopened = { FT: 40, LC: 40, middle: 20 }
    await store.append([saved('opener', reopened), saved('closers', { ...closers, CW: 0, MQL: 30 })])
    await running((projector) => projector.creditCustomModels())
    const after = await savedCustomModels(clickhouse)
    const openerAfter = after.find(({ name }) => name === 'opener')
    expect(openerAfter?.position).not.toBe(openerBefore?.position)
    expect(after.map(({ name, answers }) => ({ name, answers }))).toEqual([
      { name: 'closers', answers: 'from milestones' },
      { name: 'mql-half', answers: 'from milestones' },
      { name: 'opener', answers: 'precomputed' },
    ])
    expect(await creditedModels(clickhouse)).toEqual([customCreditKey(openerAfter ?? { name: 'opener', position: '?' })])
    await expectCreditedEqualsLive(clickhouse, weightsOf(reopened), served)
    // The old weights are weighed from the journey milestones now, and still right.
    const old: AttributionQuery = { model: 'custom', weights: weightsOf(opener), level: 'channel', ...defaultAttributionOptions }
    expect(await revenueByCampaign(clickhouse, old)).toEqual(await revenueByCampaign(clickhouse, old, 'live'))
  })

  it('clears away at start the credits a stopped projector left behind', async () => {
    const [current] = await loadCustomCredits(clickhouse)
    // Stopped between a save turning ready and the retirement of the one before it, and in the middle of a crediting.
    await saveCustomCredits(clickhouse, { name: 'opener', position: '1', weights: weightsOf(opener), state: 'ready' })
    await saveCustomCredits(clickhouse, { name: 'ghost', position: '5', weights: weightsOf(closers), state: 'crediting' })
    const line = { kind: 'created', day: '2025-01-01', deal_id: 'd-ghost', at: '2025-01-01 00:00:00.000', version: 1 }
    await clickhouse.client.insert({
      table: clickhouse.table('credit_lines'),
      values: ['custom:opener@1', 'custom:ghost@5'].map((model) => ({ ...line, model })),
      format: 'JSONEachRow',
    })
    await running()
    expect(await loadCustomCredits(clickhouse)).toEqual([current])
    expect(await creditedModels(clickhouse)).toEqual([customCreditKey(current ?? { name: 'opener', position: '?' })])
  })

  it('credits a save anew, to ready, when a stop abandoned its crediting', async () => {
    const event = saved('interrupted', closers)
    await store.append([event])
    const [save] = await store.readStream(streamIdOf(event))
    // The projector had begun crediting this save when it stopped; its restart retires what it left and starts over.
    const position = save!.position.prepare.toString()
    await saveCustomCredits(clickhouse, { name: 'interrupted', position, weights: weightsOf(closers), state: 'crediting' })
    await running((projector) => projector.creditCustomModels())
    expect((await loadCustomCredits(clickhouse)).filter(({ name }) => name === 'interrupted')).toEqual([
      { name: 'interrupted', position, weights: weightsOf(closers), state: 'ready' },
    ])
    expect((await savedCustomModels(clickhouse)).find(({ name }) => name === 'interrupted')?.answers).toBe('precomputed')
  })
})
