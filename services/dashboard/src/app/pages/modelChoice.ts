/**
 * The model select of the overview holds three kinds of choice in one list: a model by name, custom weights typed in,
 * or a saved custom model. In the URL they are the API's own parameters (model, weights, customModel), so a link
 * to the page and a call to the API read the same.
 */
export const defaultWeights = 'ft:30,lc:30,oc:30,middle:10'
const savedPrefix = 'saved:'

/** The select's value for the URL's choice. */
export function selectedModel(params: { model?: string; customModel?: string }): string {
  const model = params.model ?? 'w_shaped'
  return model === 'custom' && params.customModel ? `${savedPrefix}${params.customModel}` : model
}

/** The URL's parameters for a value of the select, keeping typed weights when custom stays chosen. */
export function modelParams(value: string, weights: string | undefined): Record<string, string | undefined> {
  if (value.startsWith(savedPrefix)) return { model: 'custom', customModel: value.slice(savedPrefix.length), weights: undefined, training: undefined }
  if (value === 'custom') return { model: 'custom', weights: weights ?? defaultWeights, customModel: undefined, training: undefined }
  const dataDriven = value === 'markov' || value === 'shapley'
  return { model: value, weights: undefined, customModel: undefined, ...(dataDriven ? {} : { training: undefined }) }
}

/** The select's value of a saved model. */
export const savedModelValue = (name: string) => `${savedPrefix}${name}`
