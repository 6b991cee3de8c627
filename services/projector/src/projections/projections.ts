import type { ClickHouse } from '@attribution/clickhouse'
import { eventTypes } from '@attribution/contracts'
import type { CreditModel } from '@attribution/read-model'
import { creditsProjection } from './credits.ts'
import { factsProjection } from './facts.ts'
import { lifecyclesProjection } from './lifecycles.ts'
import type { Projection } from './projection.ts'

/**
 * The projections the projector keeps, in the order it applies them to each batch: the facts first, since the others
 * are derived from them. Adding a projection is adding a file and a line here; on its first start it catches up with
 * the whole log on its own (projector.ts).
 */
export function readModelProjections(clickhouse: ClickHouse, creditModels: () => CreditModel[]): Projection[] {
  return [factsProjection(clickhouse, eventTypes), creditsProjection(clickhouse, creditModels), lifecyclesProjection(clickhouse)]
}
