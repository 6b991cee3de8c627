/** What the data-driven models learn from: the window's journeys (`window`), or every journey ever (`history`). */
export type TrainingScope = 'window' | 'history'
export const trainingScopes = ['history', 'window'] as const satisfies readonly TrainingScope[]
