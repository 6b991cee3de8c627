/**
 * What the data-driven models learn from: one distinct journey, as the labels of its touches in journey order
 * (channels or campaigns, see `labelOf`), whether it ended in a conversion, and how many journeys followed it.
 */
export interface ConversionPath {
  /** At least one label; consecutive repeats are kept as given. */
  labels: readonly string[]
  converted: boolean
  /** How many journeys followed this path: a positive number (a fraction is fine, e.g. for weighted journeys). */
  count: number
}

/**
 * Refuses paths the models cannot read, naming the path and field. A path with no labels is refused rather than
 * skipped: a conversion no channel touched says nothing about channels, and a caller sending one has a bug.
 */
export function checkConversionPaths(paths: readonly ConversionPath[]): void {
  paths.forEach((path, index) => {
    if (path.labels.length === 0) throw new RangeError(`paths[${index}].labels must not be empty`)
    const notString = path.labels.findIndex((label) => typeof label !== 'string')
    if (notString !== -1) throw new RangeError(`paths[${index}].labels[${notString}] must be a string`)
    if (!(Number.isFinite(path.count) && path.count > 0)) {
      throw new RangeError(`paths[${index}].count must be a positive finite number, got ${path.count}`)
    }
  })
}

/** The distinct labels of `labels`, in code-unit order, so results never depend on input order or locale. */
export function distinctLabels(labels: Iterable<string>): string[] {
  return [...new Set(labels)].sort()
}
