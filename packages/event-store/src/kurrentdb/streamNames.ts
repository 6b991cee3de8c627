export const defaultStreamPrefix = 'attribution-'

const prefixForm = /^[A-Za-z0-9][A-Za-z0-9_.]*-$/

/**
 * Checks a stream prefix: letters, digits, `_` and `.`, ending in the one `-`. With no `-` inside, no store's prefix can
 * start another's, so a `$all` read filtered by one prefix never picks up a second store's streams; and the part before
 * the `-` is the KurrentDB category of every stream of the store.
 */
export function checkStreamPrefix(prefix: string): string {
  if (!prefixForm.test(prefix)) {
    throw new Error(`invalid stream prefix "${prefix}": use letters, digits, "_" and "." and end with "-", e.g. "attribution-"`)
  }
  return prefix
}

/** The store's KurrentDB stream names: our stream ids (`person-…`, `deal-…`) behind the store's prefix. */
export class StreamNames {
  readonly prefix: string

  constructor(prefix: string = defaultStreamPrefix) {
    this.prefix = checkStreamPrefix(prefix)
  }

  nameOf(streamId: string): string {
    return `${this.prefix}${streamId}`
  }

  /** Our stream id for a KurrentDB stream name; undefined for streams that are not the store's (system, other data). */
  streamIdOf(streamName: string): string | undefined {
    return streamName.startsWith(this.prefix) ? streamName.slice(this.prefix.length) : undefined
  }
}
