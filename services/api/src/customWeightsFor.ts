import type { CustomWeights } from '@attribution/domain'
import { RequestError } from './errors.ts'
import type { ApiPorts } from './ports.ts'

/**
 * The query with the weights of the custom model it names (customModel=), read from the saved models; a name nobody
 * saved is a 404. Queries that name none come back as they are.
 */
export async function customWeightsFor<Q extends { customModel?: string; weights?: CustomWeights }>(ports: ApiPorts, query: Q): Promise<Q> {
  if (query.customModel === undefined) return query
  const saved = await ports.queries.customModel(query.customModel)
  if (saved) return { ...query, weights: saved.weights }
  throw new RequestError(404, `no custom model is saved as ${query.customModel}: save it with PUT /v1/attribution/models/${query.customModel}`)
}
