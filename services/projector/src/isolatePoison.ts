/**
 * What applying a batch needs, so that no event can stop a projection: apply a run of events at once, set one aside, and
 * tell an event's fault from an outage of the stores.
 */
export interface IsolationSteps<E> {
  /** Applies the events as one batch (rows and checkpoint); throws when it cannot. */
  apply(events: readonly E[]): Promise<void>
  /** Sets an event aside, with why it could not be applied, and moves the checkpoint past it. */
  quarantine(event: E, error: unknown): Promise<void>
  /**
   * Resolves true when the stores answer, false after waiting out an outage (the failure was theirs, not the events':
   * apply again); rejects when the projector stops meanwhile.
   */
  storesAnswer(): Promise<boolean>
}

/**
 * Applies a batch, and when it fails finds the events that cannot be applied by halving it: the halves that apply are
 * applied, and an event that fails alone, twice, while the stores answer, is quarantined. One poison event in a batch of
 * n costs about 2 log2(n) smaller attempts, and a batch without one costs nothing more than before.
 */
export async function applyIsolating<E>(events: readonly E[], steps: IsolationSteps<E>): Promise<void> {
  try {
    await steps.apply(events)
    return
  } catch (error) {
    if (!(await steps.storesAnswer())) return applyIsolating(events, steps)
    const [only] = events
    if (events.length === 1 && only !== undefined) return applyAloneOrQuarantine(only, error, steps)
    const middle = Math.ceil(events.length / 2)
    await applyIsolating(events.slice(0, middle), steps)
    await applyIsolating(events.slice(middle), steps)
  }
}

/** One more attempt, so a passing fluke (a dropped connection that the probe missed) never quarantines an event. */
async function applyAloneOrQuarantine<E>(event: E, firstError: unknown, steps: IsolationSteps<E>): Promise<void> {
  try {
    await steps.apply([event])
  } catch (error) {
    if (!(await steps.storesAnswer())) return applyIsolating([event], steps)
    await steps.quarantine(event, error ?? firstError)
  }
}
