/** The rule-based models a user can pick; each is defined in `weigh.ts` and described in the package README. */
export const attributionModels = [
  'first_touch',
  'last_touch',
  'linear',
  'u_shaped',
  'w_shaped',
  'full_path',
  'time_decay',
] as const

export type AttributionModel = (typeof attributionModels)[number]

export interface AttributionOptions {
  /** How many days before the deal's creation a touch may lie and still belong to its journey. */
  lookbackDays: number
  /** time_decay: a touch this many days older than another gets half its weight. */
  halfLifeDays: number
}

export const defaultAttributionOptions: AttributionOptions = { lookbackDays: 365, halfLifeDays: 7 }
