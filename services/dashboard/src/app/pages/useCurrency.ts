import { useApi } from '../api/useApi.ts'
import type { AttributionOptions } from '../api/types.ts'

/** The reporting currency, for answers that give amounts without naming it. */
export function useCurrency(): string {
  return useApi<AttributionOptions>('/v1/attribution/options').data?.currency ?? 'USD'
}
