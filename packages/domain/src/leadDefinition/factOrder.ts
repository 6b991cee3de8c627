/**
 * The one order facts are applied in: business time, then event id. Sorting by it makes every result independent of
 * the order events arrived in (late imports, redelivery), and the sums of floating-point points repeatable.
 */
export function byOccurredAtThenEventId(
  a: { occurredAt: number; eventId: string },
  b: { occurredAt: number; eventId: string },
): number {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt - b.occurredAt
  // Code-unit comparison, not localeCompare: the order must not depend on the machine's locale.
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0
}
