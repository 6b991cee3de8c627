import { maxIdLength } from '@attribution/contracts'

/**
 * A text that may become a campaign id (a utm value, a rendered campaign), trimmed and cut to the length the contract
 * gives ids, in UTF-16 units as it counts them, never inside a character; undefined when nothing is left.
 */
export function boundedId(text: string | undefined): string | undefined {
  let bounded = text?.trim()
  if (bounded !== undefined && bounded.length > maxIdLength) {
    bounded = bounded.slice(0, maxIdLength)
    // Half of a character outside the Basic Multilingual Plane is no character: it goes with the rest.
    if (/[\uD800-\uDBFF]$/.test(bounded)) bounded = bounded.slice(0, -1)
    bounded = bounded.trim()
  }
  return bounded === undefined || bounded === '' ? undefined : bounded
}
