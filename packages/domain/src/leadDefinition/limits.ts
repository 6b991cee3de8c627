/**
 * The limits of a lead definition. A definition is applied to every touch of every person in a replay, and the times
 * it derives are stored, so what it can make the projector do must be bounded; the limits sit far above any
 * definition written for people to read. docs/lead-definitions.md lists them for users.
 */

/** Characters in one pattern: a URL path or a campaign id is far shorter. */
export const maxPatternLength = 256

/** Stars (`*`) in one pattern: real ones have one to three. */
export const maxPatternStars = 16

/**
 * Characters in all the patterns of a definition together. Matching a touch takes time proportional to the length of
 * its text times the length of the patterns tried, so this bounds the work per touch (about 10 ms at worst).
 */
export const maxPatternCharacters = 10_000

/** Rules in each of `behaviour` and `fit`. */
export const maxRules = 500

/**
 * Points of a rule, a cap or the MQL threshold, either sign: scores are sums of at most 1,000 rules, so they stay
 * far inside what a number holds exactly.
 */
export const maxPoints = 1_000_000

/** Days of a half-life or a recycle clock: 10 years. A deadline is stored, so it must be a time ClickHouse holds. */
export const maxDays = 3650

/** Hours of the follow-up SLA: the same 10 years. */
export const maxSlaHours = maxDays * 24

/** Characters in a definition's document: the contract's bound on a published document (packages/contracts). */
export { maxDocumentLength } from '@attribution/contracts'

/**
 * Lists and maps nested in one another: a definition nests five deep. The yaml library builds its tree by recursion,
 * which a deep enough document (a few thousand `[`) turns into a stack overflow, after which V8 can abort the process.
 */
export const maxNesting = 20

/** Aliases (`*name`) in a YAML document: the yaml library refuses more than 100 uses of one anchor as an attack. */
export const maxAliases = 100

/** Problems listed when a definition is refused: the rest are counted. */
export const maxReportedErrors = 100
