import {
  allocateCents,
  milestoneBits,
  milestonesOfBits,
  positionBasedWeights,
  SHARE_SCALE,
  shapesWithMql,
  weightParts,
  type AttributionLevel,
  type CustomWeights,
} from '@attribution/domain'
import type { ClickHouse } from './connection.ts'
import type { DefinitionRef } from './leadDefinitions.ts'
import { talliesOfParts } from './precomputedTallies.ts'
import { selectRows } from './select.ts'
import { emptyTallies, type Tallies } from './tallies.ts'
import { windowParams, type TimeWindow } from './window.ts'

/**
 * The shapes of the kept journeys: each distinct sequence of what a journey's touches hold (journey_milestones), to
 * the creation and to the win. At a million deals there are about two hundred and a thousand of them.
 */
export interface JourneyShapes {
  creation: number[][]
  win: number[][]
}

/** Every shape in the table, including those of lines since replaced: a few too many costs nothing. */
export async function loadJourneyShapes(clickhouse: ClickHouse): Promise<JourneyShapes> {
  const [row] = await selectRows<JourneyShapes>(
    clickhouse,
    `SELECT groupUniqArray(creation_milestones) AS creation, groupUniqArray(win_milestones) AS win
     FROM ${clickhouse.table('journey_milestones')}`,
  )
  return { creation: row?.creation ?? [], win: row?.win ?? [] }
}

const unknownShape = 'a journey shape not read yet'

/** A question custom weights answer: where the MQL sits, for weights that weigh it, is the definition's to say. */
export interface MilestoneQuestion extends TimeWindow {
  weights: CustomWeights
  level: AttributionLevel
  /** The lead definition version whose qualifications place the MQL; without one, no touch holds it. */
  definition?: DefinitionRef
}

/**
 * The tallies of any custom weights, over the contacts' journeys with the default lookback, from the milestones the
 * projector keeps for every deal: the same numbers as `liveTallies`, to the cent, in one pass over the window's deals
 * in ClickHouse rather than a read of every journey.
 *
 * How a deal is weighed depends on its journey's shape alone, and shapes are few. So the domain weighs each shape here
 * (positionBasedWeights, then allocateCents' parts of 1e9 and the split of a deal's share), and ClickHouse splits each
 * deal's amount by its shape's parts as allocateCents does, in integers only: exact by construction. Weights with an
 * MQL weight multiply the shapes by the touch the MQL can be on, placed per deal from the definition's qualifications.
 */
export async function milestoneTallies(
  clickhouse: ClickHouse,
  question: MilestoneQuestion,
  readShapes: () => Promise<JourneyShapes> = () => loadJourneyShapes(clickhouse),
): Promise<Tallies> {
  try {
    return await tallies(clickhouse, question, await readShapes())
  } catch (error) {
    // A batch wrote a journey of a new shape since the shapes were read: read them again.
    if (!String(error).includes(unknownShape)) throw error
    return tallies(clickhouse, question, await loadJourneyShapes(clickhouse))
  }
}

async function tallies(clickhouse: ClickHouse, question: MilestoneQuestion, shapes: JourneyShapes): Promise<Tallies> {
  const { weights, level, definition } = question
  // A model weighing CW runs its journeys on to the win (weighCustom).
  const toWin = weights.CW > 0
  const placesMql = weights.MQL > 0 && definition !== undefined
  const kept = (toWin ? shapes.win : shapes.creation).filter((shape) => shape.length > 0)
  const weighed = (placesMql ? kept.flatMap(shapesWithMql) : kept).map((shape) => {
    const touchWeights = positionBasedWeights(weights, shape.map(milestonesOfBits))
    return { key: shape.join(','), parts: weightParts(touchWeights), shares: allocateCents(SHARE_SCALE, touchWeights) }
  })
  const lines = `
    SELECT kind, deal_id, amount_cents, journey_keys, journey_end, touch_times, campaign_ids AS touch_campaigns,
           channels AS touch_channels, ${toWin ? 'win_milestones' : 'creation_milestones'} AS kept_milestones,
           length(kept_milestones) AS touches
    FROM ${clickhouse.table('journey_milestones')} FINAL
    WHERE day >= toDate32({from:DateTime64(3, 'UTC')}) AND day <= toDate32({to:DateTime64(3, 'UTC')})
      AND at >= {from:DateTime64(3, 'UTC')} AND at < {to:DateTime64(3, 'UTC')} AND NOT is_deleted`
  // Each step a subquery on the columns of the one before: an alias used in its own SELECT is planned as its whole
  // expression again.
  const placeMql = [
    // The MQL on the latest touch at or before the deal's MQL moment (withMql), on none without one (position 0).
    `if(qualified, arrayCount(time -> time <= mql_at, arraySlice(touch_times, 1, touches)), 0) AS mql_position`,
    `arrayMap((bits, i) -> bitOr(bits, if(i = mql_position, ${milestoneBits.MQL}, 0)), kept_milestones, arrayEnumerate(kept_milestones)) AS milestones`,
  ]
  const steps = [
    ...(placesMql ? placeMql : ['kept_milestones AS milestones']),
    `transform(arrayStringConcat(milestones, ','), {keys:Array(String)}, {indexes:Array(UInt32)}, toUInt32(0)) AS shape`,
    // Part of the index, so that the check is not pruned away as a column nobody reads.
    `shape + throwIf(shape = 0 AND touches > 0, '${unknownShape}') AS checked_shape`,
    `{parts:Array(Array(Int64))}[checked_shape] AS parts, {shares:Array(Array(Int64))}[checked_shape] AS shares`,
    // allocateCents by the shape's parts: the floor of each exact share, the leftover cents one each to the largest
    // remainders, ties to the earlier touch. Int128: an amount times a part can pass Int64.
    `arraySum(parts) AS total_parts, arrayMap(part -> toInt128(amount_cents) * part, parts) AS products`,
    `arrayMap(product -> intDiv(product, total_parts), products) AS floors,
     arraySort(i -> (-(products[i] % total_parts), i), arrayEnumerate(parts)) AS by_remainder`,
    `arrayMap((floored, i) -> toInt64(floored + (indexOf(by_remainder, i) <= amount_cents - arraySum(floors))),
              floors, arrayEnumerate(parts)) AS split`,
  ]
  const split = steps.reduce((from, step) => `SELECT *, ${step} FROM (${from})`, placesMql ? withMqlMoments(clickhouse, lines) : lines)
  const parts = `
    SELECT 'custom' AS model, kind, toUInt64(1) AS deals, toUInt64(touches = 0) AS unattributed_deals,
           if(touches = 0, amount_cents, 0) AS unattributed_cents, arraySlice(touch_campaigns, 1, touches) AS campaign_ids,
           arraySlice(touch_channels, 1, touches) AS channels, shares AS share_parts, split AS cents
    FROM (${split})`
  const params = {
    ...windowParams(question),
    keys: weighed.map(({ key }) => key),
    indexes: weighed.map((_, index) => index + 1),
    parts: weighed.map(({ parts }) => parts),
    shares: weighed.map(({ shares }) => shares),
    definitionId: definition?.definitionId ?? '',
    definitionVersion: definition?.version ?? 0,
  }
  const byLevel = await talliesOfParts(clickhouse, parts, params, ['custom'], [level])
  return byLevel.get(level)?.get('custom') ?? emptyTallies()
}

/**
 * The lines, each with its deal's MQL moment under the definition as loadDealJourneys finds it: the latest time one of
 * the journey's people qualified, up to the journey's end (`qualified` is 0 when none did).
 */
function withMqlMoments(clickhouse: ClickHouse, lines: string): string {
  return `
    SELECT lines.*, moments.mql_at AS mql_at, moments.qualified AS qualified
    FROM (${lines}) AS lines
    LEFT JOIN (
      SELECT k.deal_id AS deal_id, max(l.q_at) AS mql_at, toUInt8(1) AS qualified
      FROM (SELECT person_id, q_at FROM ${clickhouse.table('lead_lifecycles')} FINAL ARRAY JOIN qualified_at AS q_at
            WHERE definition_id = {definitionId:String} AND version = {definitionVersion:UInt32}) AS l
      -- A deal won in the window may have both its lines there, naming its people twice: max() does not mind.
      INNER JOIN (SELECT deal_id, arrayJoin(journey_keys) AS person_id, journey_end FROM (${lines})) AS k
        ON l.person_id = k.person_id
      WHERE l.q_at <= k.journey_end
      GROUP BY k.deal_id
    ) AS moments ON moments.deal_id = lines.deal_id`
}
