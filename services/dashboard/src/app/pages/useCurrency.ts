import { useApi } from '../api/useApi.ts'
import type { AttributionOptions } from '../api/types.ts'

/**
 * The reporting currency, for answers that give amounts without naming it; undefined until the API has said which,
 * so no amount is ever shown in a guessed currency.
 */
export function useCurrency(): string | undefined {
  return useApi<AttributionOptions>('/v1/attribution/options').data?.currency
}
