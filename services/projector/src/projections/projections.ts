import type { ClickHouse } from '@attribution/clickhouse'
import type { AttributeOpener, CreditModel } from '@attribution/read-model'
import { creditsProjection } from './credits.ts'
import { factsProjection } from './facts.ts'
import { lifecyclesProjection } from './lifecycles.ts'
import type { Projection } from './projection.ts'

/**
 * The projections the projector keeps, in the stages it applies each batch in: the facts first, then the projections
 * derived from them side by side, since they read only the facts (and write only their own tables). Adding a
 * projection is adding a file and a line here; on its first start it catches up with the whole log alone (catchUp.ts).
 */
export function readModelStages(
  clickhouse: ClickHouse,
  creditModels: () => CreditModel[],
  opener?: AttributeOpener,
  reportingCurrency?: string,
): Projection[][] {
  return [[factsProjection(clickhouse)], [creditsProjection(clickhouse, creditModels, reportingCurrency), lifecyclesProjection(clickhouse, opener)]]
}
