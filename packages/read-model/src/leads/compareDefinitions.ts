import { selectRows, toClickHouseTime, type ClickHouse } from '@attribution/clickhouse'
import { funnel, type Funnel, type FunnelQuery } from './funnel.ts'
import { handoffs, type HandoffNumbers } from './handoffs.ts'
import type { DefinitionRef } from './definitionRef.ts'
import { windowParams } from '../answers/window.ts'

export interface DefinitionComparison {
  base: { funnel: Funnel['totals']; handoffs: HandoffNumbers }
  candidate: { funnel: Funnel['totals']; handoffs: HandoffNumbers }
  /** Persons who became an MQL in the window under one version only (with up to `sampleSize` ids each), or under both. */
  mqls: {
    onlyBase: { count: number; sample: string[] }
    onlyCandidate: { count: number; sample: string[] }
    both: number
  }
}

export type ComparisonQuery = Omit<FunnelQuery, 'definition' | 'groupBy'> & { base: DefinitionRef; candidate: DefinitionRef; sampleSize?: number }

/** Two definition versions side by side over the same window: funnel, handoff health, and who qualifies differently. */
export async function compareDefinitions(clickhouse: ClickHouse, query: ComparisonQuery): Promise<DefinitionComparison> {
  const side = async (definition: DefinitionRef) => {
    const [ofFunnel, ofHandoffs] = await Promise.all([funnel(clickhouse, { ...query, definition }), handoffs(clickhouse, { ...query, definition })])
    return { funnel: ofFunnel.totals, handoffs: ofHandoffs.totals }
  }
  const [base, candidate, mqls] = await Promise.all([side(query.base), side(query.candidate), mqlDifferences(clickhouse, query)])
  return { base, candidate, mqls }
}

async function mqlDifferences(clickhouse: ClickHouse, query: ComparisonQuery): Promise<DefinitionComparison['mqls']> {
  const { base, candidate } = query
  // Any qualification in the window counts, a re-qualification after a recycle too.
  const qualified = `arrayExists(q -> q >= {from:DateTime64(3, 'UTC')} AND q < {to:DateTime64(3, 'UTC')} AND q <= {asOf:DateTime64(3, 'UTC')}, qualified_at)`
  const under = (side: 'base' | 'candidate') =>
    `max(definition_id = {${side}Id:String} AND version = {${side}Version:UInt32} AND ${qualified})`
  const [row] = await selectRows<{ only_base: number; only_candidate: number; both: number; base_sample: string[]; candidate_sample: string[] }>(
    clickhouse,
    `SELECT countIf(in_base AND NOT in_candidate) AS only_base,
            countIf(in_candidate AND NOT in_base) AS only_candidate,
            countIf(in_base AND in_candidate) AS both,
            arraySlice(arraySort(groupArrayIf(person_id, in_base AND NOT in_candidate)), 1, {sampleSize:UInt32}) AS base_sample,
            arraySlice(arraySort(groupArrayIf(person_id, in_candidate AND NOT in_base)), 1, {sampleSize:UInt32}) AS candidate_sample
     FROM (
       SELECT person_id, ${under('base')} AS in_base, ${under('candidate')} AS in_candidate
       FROM ${clickhouse.table('lead_lifecycles')} FINAL
       WHERE (definition_id = {baseId:String} AND version = {baseVersion:UInt32})
          OR (definition_id = {candidateId:String} AND version = {candidateVersion:UInt32})
       GROUP BY person_id
     )`,
    {
      ...windowParams(query),
      asOf: toClickHouseTime(query.asOf ?? new Date().toISOString()),
      baseId: base.definitionId,
      baseVersion: base.version,
      candidateId: candidate.definitionId,
      candidateVersion: candidate.version,
      sampleSize: query.sampleSize ?? 20,
    },
  )
  return {
    onlyBase: { count: Number(row?.only_base ?? 0), sample: row?.base_sample ?? [] },
    onlyCandidate: { count: Number(row?.only_candidate ?? 0), sample: row?.candidate_sample ?? [] },
    both: Number(row?.both ?? 0),
  }
}
