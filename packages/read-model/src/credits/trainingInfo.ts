import type { TrainingScope } from './trainingScope.ts'

/** What a data-driven model learnt from. */
export interface TrainingInfo {
  scope: TrainingScope
  /** Events the projector had applied when the stored training began; null when trained for this answer. */
  eventsApplied: number | null
  /** Journeys (paths) it read, converting or not. */
  journeys: number
  /** Of which ended in a deal. */
  conversions: number
}
