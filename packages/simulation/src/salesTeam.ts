/**
 * The sales reps leads are handed to. Reps differ in how reliably they follow leads up, which is what makes "MQLs never
 * followed up" vary by owner rather than be uniform noise.
 */
export const salesReps: readonly { id: string; followUpRate: number }[] = [
  0.96, 0.93, 0.91, 0.89, 0.87, 0.85, 0.83, 0.8, 0.76, 0.7,
].map((followUpRate, index) => ({ id: `rep-${String(index + 1).padStart(2, '0')}`, followUpRate }))

export function followUpRateOf(ownerId: string): number {
  return salesReps.find((rep) => rep.id === ownerId)?.followUpRate ?? 0.85
}
