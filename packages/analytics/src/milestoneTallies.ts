import {
  allocateCents,
  milestonesOfBits,
  positionBasedWeights,
  SHARE_SCALE,
  weightParts,
  type AttributionLevel,
  type CustomWeights,
} from '@attribution/domain'
import type { ClickHouse } from './connection.ts'
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

/**
 * The tallies of any custom weights that leave the MQL out, over the contacts' journeys with the default lookback,
 * from the milestones the projector keeps for every deal: the same numbers as `liveTallies`, to the cent, in one pass
 * over the window's deals in ClickHouse rather than a read of every journey.
 *
 * How a deal is weighed depends on its journey's shape alone, and shapes are few. So the domain weighs each shape here
 * (positionBasedWeights, then allocateCents' parts of 1e9 and the split of a deal's share), and ClickHouse splits each
 * deal's amount by its shape's parts as allocateCents does, in integers only: exact by construction.
 */
export async function milestoneTallies(
  clickhouse: ClickHouse,
  weights: CustomWeights,
  window: TimeWindow,
  level: AttributionLevel,
  readShapes: () => Promise<JourneyShapes> = () => loadJourneyShapes(clickhouse),
): Promise<Tallies> {
  if (weights.MQL !== 0) throw new Error('the MQL milestone is not kept: a model weighing it is computed from the journeys')
  try {
    return await tallies(clickhouse, weights, window, level, await readShapes())
  } catch (error) {
    // A batch wrote a journey of a new shape since the shapes were read: read them again.
    if (!String(error).includes(unknownShape)) throw error
    return tallies(clickhouse, weights, window, level, await loadJourneyShapes(clickhouse))
  }
}

async function tallies(
  clickhouse: ClickHouse,
  weights: CustomWeights,
  window: TimeWindow,
  level: AttributionLevel,
  shapes: JourneyShapes,
): Promise<Tallies> {
  // A model weighing CW runs its journeys on to the win (weighCustom).
  const toWin = weights.CW > 0
  const weighed = (toWin ? shapes.win : shapes.creation).filter((shape) => shape.length > 0).map((shape) => {
    const touchWeights = positionBasedWeights(weights, shape.map(milestonesOfBits))
    return { key: shape.join(','), parts: weightParts(touchWeights), shares: allocateCents(SHARE_SCALE, touchWeights) }
  })
  // Each step a subquery on the columns of the one before: an alias used in its own SELECT is planned as its whole
  // expression again.
  const steps = [
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
  const split = steps.reduce(
    (from, step) => `SELECT *, ${step} FROM (${from})`,
    `SELECT kind, amount_cents, campaign_ids AS touch_campaigns, channels AS touch_channels,
            ${toWin ? 'win_milestones' : 'creation_milestones'} AS milestones, length(milestones) AS touches
     FROM ${clickhouse.table('journey_milestones')} FINAL
     WHERE day >= toDate32({from:DateTime64(3, 'UTC')}) AND day <= toDate32({to:DateTime64(3, 'UTC')})
       AND at >= {from:DateTime64(3, 'UTC')} AND at < {to:DateTime64(3, 'UTC')} AND NOT is_deleted`,
  )
  const parts = `
    SELECT 'custom' AS model, kind, toUInt64(1) AS deals, toUInt64(touches = 0) AS unattributed_deals,
           if(touches = 0, amount_cents, 0) AS unattributed_cents, arraySlice(touch_campaigns, 1, touches) AS campaign_ids,
           arraySlice(touch_channels, 1, touches) AS channels, shares AS share_parts, split AS cents
    FROM (${split})`
  const params = {
    ...windowParams(window),
    keys: weighed.map(({ key }) => key),
    indexes: weighed.map((_, index) => index + 1),
    parts: weighed.map(({ parts }) => parts),
    shares: weighed.map(({ shares }) => shares),
  }
  const byLevel = await talliesOfParts(clickhouse, parts, params, ['custom'], [level])
  return byLevel.get(level)?.get('custom') ?? emptyTallies()
}
