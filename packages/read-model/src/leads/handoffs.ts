import { selectRows, toClickHouseTime, type ClickHouse } from '@attribution/clickhouse'
import type { FunnelQuery } from './funnel.ts'
import { rounded } from '../answers/rounding.ts'
import { windowParams } from '../answers/window.ts'

export interface HandoffNumbers {
  /** Times persons became an MQL in the window (a person recycled and re-qualified counts twice). */
  mqls: number
  handedOff: number
  /** Taken on by sales: accepted, or straight onto a deal. */
  accepted: number
  rejected: number
  /** Neither accepted nor rejected yet (or recycled before either). */
  undecided: number
  /** accepted / (accepted + rejected): of the MQLs sales decided on, the share it took. */
  acceptanceRate: number | null
  followedUp: number
  /** Hours from MQL to the first acceptance, rejection or sales activity. */
  followUpMedianHours: number | null
  followUpP90Hours: number | null
  neverFollowedUp: number
  /** Never followed up, and past the definition's SLA (slaHours) at asOf. */
  overdue: number
  /** Followed up by the SLA deadline. */
  withinSla: number
}

export interface Handoffs {
  totals: HandoffNumbers
  groups: (HandoffNumbers & { key: string })[]
  rejectionReasons: { reason: string; count: number; share: number }[]
  owners: (HandoffNumbers & { ownerId: string })[]
}

/**
 * Handoff health of one lead definition version: every MQL that qualified in [from, to) and what sales did about it
 * by `asOf`. An MQL without a hand-off or follow-up is listed under the owner ''.
 */
export async function handoffs(clickhouse: ClickHouse, query: FunnelQuery): Promise<Handoffs> {
  const asOf = toClickHouseTime(query.asOf ?? new Date().toISOString())
  const params = { ...windowParams(query), asOf, definitionId: query.definition.definitionId, version: query.definition.version }
  const by = (column: string) => `(${column} IS NOT NULL AND ${column} <= {asOf:DateTime64(3, 'UTC')})`
  const ended = (...stages: string[]) => `(q_ended_as IN (${stages.map((stage) => `'${stage}'`).join(', ')}) AND ${by('q_ended_at')})`
  const followUpHours = `toFloat64(dateDiff('millisecond', q_at, assumeNotNull(q_followed_up_at))) / 3600000`
  const measures = `
    count() AS mqls,
    countIf(${by('q_handed_off_at')}) AS handed_off,
    countIf(${ended('sal', 'sql', 'won', 'lost')}) AS accepted,
    countIf(${ended('rejected')}) AS rejected,
    countIf(${by('q_followed_up_at')}) AS followed_up,
    quantilesExactInclusiveIf(0.5, 0.9)(${followUpHours}, ${by('q_followed_up_at')}) AS follow_up_hours,
    countIf(NOT ${by('q_followed_up_at')} AND q_due_at IS NOT NULL AND q_due_at < {asOf:DateTime64(3, 'UTC')}) AS overdue,
    countIf(${by('q_followed_up_at')} AND q_due_at IS NOT NULL AND q_followed_up_at <= q_due_at) AS within_sla`
  // ARRAY JOIN names differ from the columns: an alias equal to a column name would shadow it.
  const qualifications = `
    FROM ${clickhouse.table('lead_lifecycles')} FINAL
    ARRAY JOIN qualified_at AS q_at, owner_ids AS q_owner, handed_off_at AS q_handed_off_at,
               follow_up_due_at AS q_due_at, followed_up_at AS q_followed_up_at,
               qualification_ended_at AS q_ended_at, qualification_ended_as AS q_ended_as, rejection_reasons AS q_reason
    WHERE definition_id = {definitionId:String} AND version = {version:UInt32}
      AND q_at >= {from:DateTime64(3, 'UTC')} AND q_at < {to:DateTime64(3, 'UTC')} AND q_at <= {asOf:DateTime64(3, 'UTC')}`
  const measured = (groupKey: string) =>
    selectRows<HandoffRow>(clickhouse, `SELECT ${groupKey} AS group_key, ${measures} ${qualifications} GROUP BY group_key ORDER BY group_key`, params)
  const groupBy = query.groupBy ?? 'none'

  const [[totals], grouped, owners, reasons] = await Promise.all([
    measured(`''`),
    groupBy === 'none' ? [] : measured(groupBy === 'channel' ? 'first_touch_channel' : 'first_touch_campaign_id'),
    // The owner as known at asOf: one named by a hand-off or follow-up still to come is nobody yet.
    measured(`if(${by('q_handed_off_at')} OR ${by('q_followed_up_at')}, q_owner, '')`),
    selectRows<{ reason: string; mqls: string | number }>(
      clickhouse,
      `SELECT q_reason AS reason, count() AS mqls ${qualifications} AND ${ended('rejected')}
       GROUP BY reason ORDER BY mqls DESC, reason`,
      params,
    ),
  ])
  const rejected = reasons.reduce((total, row) => total + Number(row.mqls), 0)
  return {
    totals: numbersOf(totals),
    groups: grouped.map((row) => ({ key: row.group_key, ...numbersOf(row) })),
    rejectionReasons: reasons.map((row) => ({
      reason: row.reason,
      count: Number(row.mqls),
      share: rounded(Number(row.mqls) / rejected),
    })),
    owners: owners.map((row) => ({ ownerId: row.group_key, ...numbersOf(row) })),
  }
}

interface HandoffRow {
  group_key: string
  mqls: string | number
  handed_off: string | number
  accepted: string | number
  rejected: string | number
  followed_up: string | number
  follow_up_hours: number[]
  overdue: string | number
  within_sla: string | number
}

function numbersOf(row: HandoffRow | undefined): HandoffNumbers {
  const mqls = Number(row?.mqls ?? 0)
  const accepted = Number(row?.accepted ?? 0)
  const rejected = Number(row?.rejected ?? 0)
  const followedUp = Number(row?.followed_up ?? 0)
  const [median, p90] = (row?.follow_up_hours ?? []).map(Number)
  return {
    mqls,
    handedOff: Number(row?.handed_off ?? 0),
    accepted,
    rejected,
    undecided: mqls - accepted - rejected,
    acceptanceRate: accepted + rejected > 0 ? rounded(accepted / (accepted + rejected)) : null,
    followedUp,
    followUpMedianHours: followedUp > 0 ? rounded(median ?? 0, 100) : null,
    followUpP90Hours: followedUp > 0 ? rounded(p90 ?? 0, 100) : null,
    neverFollowedUp: mqls - followedUp,
    overdue: Number(row?.overdue ?? 0),
    withinSla: Number(row?.within_sla ?? 0),
  }
}
