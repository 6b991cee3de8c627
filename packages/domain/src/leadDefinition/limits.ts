/**
 * The limits of a lead definition. A definition is applied to every touch of every person in a replay, so what it can
 * make the projector do must be bounded; the limits sit far above any definition written for people to read.
 */

/** Characters in one pattern: a URL path or a campaign id is far shorter. */
export const maxPatternLength = 256

/** Stars (`*`) in one pattern: real ones have one to three. */
export const maxPatternStars = 16
