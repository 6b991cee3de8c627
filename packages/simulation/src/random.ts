/**
 * A seeded pseudo-random generator (sfc32), because the same seed must always give the same history and
 * Math.random cannot be seeded. Every account draws from its own stream of the seed, so an account's history does not
 * depend on how many accounts came before it.
 */
export class Random {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number, stream: number) {
    // Hash seed (all 53 bits) and stream into the state, so neighbouring seeds and streams give unrelated sequences.
    const hash = mix32(mix32(mix32(seed >>> 0) ^ (Math.floor(seed / 2 ** 32) >>> 0)) ^ Math.imul(stream, 0x9e3779b9))
    this.a = mix32(hash ^ 0x243f6a88)
    this.b = mix32(hash ^ 0x85a308d3)
    this.c = mix32(hash ^ 0x13198a2e)
    this.d = 1
    for (let round = 0; round < 12; round++) this.uint32()
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next()
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor((max - min + 1) * this.next())
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(items.length * this.next())]
    if (item === undefined) throw new RangeError('cannot pick from an empty list')
    return item
  }

  choose<T>(table: Weighted<T>): T {
    const target = this.next() * table.total
    let low = 0
    let high = table.cumulative.length - 1
    while (low < high) {
      const middle = (low + high) >>> 1
      if ((table.cumulative[middle] ?? 0) > target) high = middle
      else low = middle + 1
    }
    const item = table.items[low]
    if (item === undefined) throw new RangeError('cannot choose from an empty table')
    return item
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next())
  }

  /** Log-normal around a median: money, company sizes and waiting times are skewed, not bell-shaped. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal())
  }

  /** Exponential with the given mean: time until the next independent thing happens. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next())
  }

  /** A version-4-shaped UUID, like the cookie ids web trackers hand out. */
  uuid(): string {
    const hex = (value: number) => value.toString(16).padStart(8, '0')
    const first = hex(this.uint32())
    const second = hex(((this.uint32() & 0xffff0fff) | 0x00004000) >>> 0)
    const third = hex(((this.uint32() & 0x3fffffff) | 0x80000000) >>> 0)
    const fourth = hex(this.uint32())
    return `${first}-${second.slice(0, 4)}-${second.slice(4)}-${third.slice(0, 4)}-${third.slice(4)}${fourth}`
  }
}

/** A table to draw from with `Random.choose`, built once so each draw is a binary search. */
export interface Weighted<T> {
  readonly items: readonly T[]
  readonly cumulative: readonly number[]
  readonly total: number
}

export function weighted<T>(entries: ReadonlyArray<readonly [T, number]>): Weighted<T> {
  const items: T[] = []
  const cumulative: number[] = []
  let total = 0
  for (const [item, weight] of entries) {
    if (!(weight > 0)) continue
    total += weight
    items.push(item)
    cumulative.push(total)
  }
  return { items, cumulative, total }
}

/** Murmur3's finaliser: spreads every input bit over the 32-bit output. */
function mix32(value: number): number {
  let x = value >>> 0
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b)
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35)
  return (x ^ (x >>> 16)) >>> 0
}
