/**
 * The largest and smallest values the contract accepts, derived from what every store downstream can hold. An event the
 * edge accepts must be storable and summable everywhere after it (PostgreSQL or KurrentDB, ClickHouse, JSON answers),
 * so these are checked once, at the edge, and every layer behind it may rely on them.
 */

/**
 * ClickHouse's DateTime64 and Date32 span the years 1900 to 2299 (UTC): business time must fall inside, and before the
 * last day of 2299, whose midnight is the exclusive end of a window left open (`openWindowEnd`).
 */
export const earliestTime = '1900-01-01T00:00:00.000Z'
export const latestTime = '2299-12-30T23:59:59.999Z'
export const earliestTimeMs = Date.parse(earliestTime)
export const latestTimeMs = Date.parse(latestTime)
/** Where a window without an end stops (exclusive): after every business time, and still a time ClickHouse holds. */
export const openWindowEnd = new Date(latestTimeMs + 1).toISOString()

/**
 * One amount, in cents: a trillion in the major unit. Far above any deal or campaign (the largest B2B contracts are tens
 * of billions) and far below what breaks arithmetic: a deal's cents times the 1e9 share parts a split uses still fits
 * 128 bits, and JSON answers hold any total up to 2^53 cents (90 trillion) to the cent.
 */
export const maxAmountCents = 100_000_000_000_000

/** The largest figure a JSON answer carries to the cent: 2^53 - 1 cents, about 90 trillion in the major unit. */
export const maxExactCents = Number.MAX_SAFE_INTEGER

/** Versions (lead definitions): a signed 32-bit integer, which every store and client holds without wrapping. */
export const maxVersion = 2_147_483_647

/** Identifiers of people, deals, campaigns...; the event id, which the store indexes, is shorter. */
export const maxIdLength = 256
export const maxEventIdLength = 128

/**
 * A lead definition document, as published: far above any real definition (a few kilobytes), and short enough that
 * reading YAML written to be slow stays well under a second.
 */
export const maxDocumentLength = 100_000

/**
 * The shape of one raw event, checked before any field is read. The contract nests three levels (the event, its
 * `data`, and `attributes` or `contactIds` in it), no contract object has more than a few dozen fields (attributes
 * included, at most 256) and its longest list is a deal's contact ids. Input beyond these is refused outright, so a
 * hostile event costs one bounded pass rather than a check, and an error, per field.
 */
export const maxNesting = 8
export const maxFieldsPerObject = 256
export const maxListLength = 1_000
