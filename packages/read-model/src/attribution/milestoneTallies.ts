import {
  bitsOfMilestones,
  checkedTotal,
  heldTouchWeight,
  milestoneBits,
  milestonesOfBits,
  positionShares,
  SHARE_SCALE,
  weightedMilestones,
  type AttributionLevel,
  type CustomWeights,
} from '@attribution/domain'
import type { ClickHouse } from '@attribution/clickhouse'
import type { DefinitionRef } from '../leads/definitionRef.ts'
import { talliesOfParts } from './precomputedTallies.ts'
import { emptyTallies, type Tallies } from './tallies.ts'
import { windowParams, type TimeWindow } from '../answers/window.ts'

/** A question custom weights answer: where the MQL sits, for weights that weigh it, is the definition's to say. */
export interface MilestoneQuestion extends TimeWindow {
  weights: CustomWeights
  level: AttributionLevel
  /** The lead definition version whose qualifications place the MQL; without one, no touch holds it. */
  definition?: DefinitionRef
}

/**
 * The tallies of any custom weights, over the contacts' journeys with the default lookback, from the milestones the
 * projector keeps for every deal (journey_milestones): the same numbers as `liveTallies`, to the cent, in one pass over
 * the window's deals in ClickHouse rather than a read of every journey.
 *
 * What a touch weighs depends only on the milestones it holds and on which positions its journey takes (its layout):
 * at most 64 layouts of a few touch kinds each. So the domain weighs every layout and kind here (positionShares,
 * heldTouchWeight), and ClickHouse looks each touch's weight up, then does what is left of positionBasedWeights and
 * allocateCents with the very same float operations in the same order, and integers after: exact to the cent.
 */
export async function milestoneTallies(clickhouse: ClickHouse, question: MilestoneQuestion): Promise<Tallies> {
  const { weights, level, definition } = question
  // A model weighing CW runs its journeys on to the win (weighCustom).
  const toWin = weights.CW > 0
  const placesMql = weights.MQL > 0 && definition !== undefined
  const lines = `
    SELECT kind, deal_id, amount_cents, journey_keys, journey_end, touch_times, campaign_ids AS touch_campaigns,
           channels AS touch_channels, ${toWin ? 'win_milestones' : 'creation_milestones'} AS kept_milestones,
           length(kept_milestones) AS touches
    FROM ${clickhouse.table('journey_milestones')} FINAL
    WHERE day >= toDate32({from:DateTime64(3, 'UTC')}) AND day <= toDate32({to:DateTime64(3, 'UTC')})
      AND at >= {from:DateTime64(3, 'UTC')} AND at < {to:DateTime64(3, 'UTC')} AND NOT is_deleted`
  const placeMql = [
    // The MQL on the latest touch at or before the deal's MQL moment (withMql), on none without one (position 0).
    `if(qualified, arrayCount(time -> time <= mql_at, arraySlice(touch_times, 1, touches)), 0) AS mql_position`,
    `arrayMap((bits, i) -> bitOr(bits, if(i = mql_position, ${milestoneBits.MQL}, 0)), kept_milestones, arrayEnumerate(kept_milestones)) AS milestones`,
  ]
  // Each step a subquery on the columns of the one before: an alias used in its own SELECT is planned as its whole
  // expression again.
  const steps = [
    ...(placesMql ? placeMql : ['kept_milestones AS milestones']),
    // Each touch's kind: the weighed milestones it holds (0: a middle touch). The layout: the milestones held by any
    // touch, and whether any is a middle touch.
    `arrayMap(bits -> bitAnd(bits, {weighted:UInt8}), milestones) AS kinds`,
    `arrayFold((held, kind) -> bitOr(held, kind), kinds, toUInt8(0)) + 32 * has(kinds, 0) AS layout, countEqual(kinds, 0) AS middle_touches`,
    // positionBasedWeights: a middle touch's weight is middleTouchWeight's, the middle's share / middle touches /
    // total; any other touch's is its kind's; every touch weighs alike when the layout takes no position.
    `transform(layout, {layouts:Array(UInt8)}, ${floats('middleShares')}, nan) AS middle_share`,
    `if(has({untaken:Array(UInt8)}, layout), arrayMap(kind -> 1 / touches, kinds),
        arrayMap(kind -> if(kind = 0, middle_share / middle_touches / ${float('total')},
                            transform(layout * 32 + kind, {kindKeys:Array(UInt16)}, ${floats('kindWeights')}, nan)),
                 kinds)) AS touch_weights`,
    // weightParts: each weight's fraction of their sum (added left to right) times 1e9, rounded half up as Math.round.
    `arrayFold((sum, weight) -> sum + weight, touch_weights, toFloat64(0)) AS weight_sum`,
    `arrayMap(scaled -> toInt64(floor(scaled) + (scaled - floor(scaled) >= 0.5)),
              arrayMap(weight -> weight / weight_sum * 1e9, touch_weights)) AS parts`,
    `arraySum(parts) AS total_parts`,
    ...allocated('amount_cents', 'cents'),
    ...allocated(`toInt64(${SHARE_SCALE})`, 'share_parts'),
  ]
  const split = steps.reduce((from, step) => `SELECT *, ${step} FROM (${from})`, placesMql ? withMqlMoments(clickhouse, lines) : lines)
  const parts = `
    SELECT 'custom' AS model, kind, toUInt64(1) AS deals, toUInt64(touches = 0) AS unattributed_deals,
           if(touches = 0, amount_cents, 0) AS unattributed_cents, arraySlice(touch_campaigns, 1, touches) AS campaign_ids,
           arraySlice(touch_channels, 1, touches) AS channels, share_parts, cents
    FROM (${split})`
  const params = {
    ...windowParams(question),
    ...layoutParams(weights),
    definitionId: definition?.definitionId ?? '',
    definitionVersion: definition?.version ?? 0,
  }
  const byLevel = await talliesOfParts(clickhouse, parts, params, ['custom'], [level])
  return byLevel.get(level)?.get('custom') ?? emptyTallies()
}

/**
 * What every touch of every layout weighs under these weights. A layout is the bits of the weighed milestones some
 * touch holds, plus 32 when some touch is a middle touch; a touch kind is the bits of those it holds itself.
 */
function layoutParams(weights: CustomWeights) {
  const total = checkedTotal(weights)
  const weighted = bitsOfMilestones(weightedMilestones(weights))
  const subsets = (mask: number) => Array.from({ length: mask + 1 }, (_, bits) => bits).filter((bits) => (bits & mask) === bits)
  const layouts = subsets(weighted).flatMap((held) => [false, true].map((middleTaken) => ({ held, middleTaken })))
  const params = {
    weighted,
    total: bitsOfFloat(total),
    untaken: [] as number[],
    layouts: [] as number[],
    middleShares: [] as string[],
    kindKeys: [] as number[],
    kindWeights: [] as string[],
  }
  for (const { held, middleTaken } of layouts) {
    const layout = held + (middleTaken ? 32 : 0)
    const shares = positionShares(weights, new Set(milestonesOfBits(held)), middleTaken)
    if (shares === undefined) {
      params.untaken.push(layout)
      continue
    }
    params.layouts.push(layout)
    params.middleShares.push(bitsOfFloat(shares.middle ?? 0))
    for (const kind of subsets(held).filter((kind) => kind > 0)) {
      params.kindKeys.push(layout * 32 + kind)
      params.kindWeights.push(bitsOfFloat(heldTouchWeight(shares, milestonesOfBits(kind), total)))
    }
  }
  return params
}

/**
 * A double's exact bits, as decimal text: the weights must reach ClickHouse bit for bit, which a decimal rendering
 * parsed back does not promise. `float` and `floats` read them back.
 */
function bitsOfFloat(value: number): string {
  return new BigUint64Array(new Float64Array([value]).buffer)[0]?.toString() ?? '0'
}

const float = (param: string) => `reinterpretAsFloat64(toUInt64({${param}:String}))`
const floats = (param: string) => `arrayMap(bits -> reinterpretAsFloat64(toUInt64(bits)), {${param}:Array(String)})`

/**
 * allocateCents by `parts` (summing to `total_parts`): the floor of each exact share, the leftover one each to the
 * largest remainders, ties to the earlier touch. In Int64 throughout: the amount is split as whole * total + rest, so
 * no product passes 2^60 (amounts are safe integers, parts and their total below 2^30), and each touch's order is one
 * integer, (total - remainder) * 2^32 + index, so the leftover goes to the touches whose order is at most the
 * leftover-th smallest.
 */
function allocated(amount: string, name: string): string[] {
  return [
    // OrZero: a journey without touches has no parts to split by.
    `intDivOrZero(${amount}, total_parts) AS ${name}_whole, moduloOrZero(${amount}, total_parts) AS ${name}_rest`,
    `arrayMap(part -> ${name}_whole * part + intDiv(${name}_rest * part, total_parts), parts) AS ${name}_floors,
     arrayMap((part, i) -> (total_parts - (${name}_rest * part) % total_parts) * 4294967296 + i, parts, arrayEnumerate(parts)) AS ${name}_order`,
    // Index 0 (no leftover) reads 0, below every order.
    `arraySort(${name}_order)[${amount} - arraySum(${name}_floors)] AS ${name}_last_order`,
    `arrayMap((floored, order) -> floored + (order <= ${name}_last_order), ${name}_floors, ${name}_order) AS ${name}`,
  ]
}

/**
 * The lines, each with its deal's MQL moment under the definition as loadDealJourneys finds it: the latest time one of
 * the journey's people qualified, up to the journey's end (`qualified` is 0 when none did).
 */
function withMqlMoments(clickhouse: ClickHouse, lines: string): string {
  return `
    SELECT d.*, q.mql_at AS mql_at, q.qualified AS qualified
    FROM (${lines}) AS d
    LEFT JOIN (
      SELECT k.deal_id AS deal_id, max(l.q_at) AS mql_at, toUInt8(1) AS qualified
      FROM (SELECT person_id, q_at FROM ${clickhouse.table('lead_lifecycles')} FINAL ARRAY JOIN qualified_at AS q_at
            WHERE definition_id = {definitionId:String} AND version = {definitionVersion:UInt32}) AS l
      -- A deal won in the window may have both its lines there, naming its people twice: max() does not mind. On the
      -- right, where ClickHouse builds its hash table: fewer than the qualifications for windows up to a year or so.
      INNER JOIN (SELECT deal_id, arrayJoin(journey_keys) AS person_id, journey_end FROM (${lines})) AS k
        ON l.person_id = k.person_id
      WHERE l.q_at <= k.journey_end
      GROUP BY k.deal_id
    ) AS q ON q.deal_id = d.deal_id`
}
