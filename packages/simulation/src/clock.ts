import type { Random } from './random.ts'

export const SECOND = 1000
export const MINUTE = 60 * SECOND
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

/** The simulated period; `end` is exclusive and both ends are whole seconds, as every event time is. */
export interface Window {
  start: number
  end: number
}

export type Region = 'NA' | 'EMEA' | 'APAC' | 'LATAM'

/** 9 a.m. local time in UTC hours, roughly, for each region. */
const workdayStartUtc: Record<Region, number> = { NA: 14, EMEA: 8, APAC: 1, LATAM: 12 }

const twoDigits = Array.from({ length: 60 }, (_, value) => String(value).padStart(2, '0'))
// Formatting dates is a large share of generation time; a history spans few distinct days, so their text is kept.
const dayPrefixes = new Map<number, string>()

/** Whole seconds with `Z`, the form the contract's own example uses. */
export function toIso(ms: number): string {
  const day = Math.floor(ms / DAY)
  let prefix = dayPrefixes.get(day)
  if (prefix === undefined) {
    prefix = new Date(day * DAY).toISOString().slice(0, 11)
    dayPrefixes.set(day, prefix)
  }
  const seconds = Math.floor((ms - day * DAY) / SECOND)
  const hour = twoDigits[Math.floor(seconds / 3600)] ?? ''
  const minute = twoDigits[Math.floor(seconds / 60) % 60] ?? ''
  return `${prefix}${hour}:${minute}:${twoDigits[seconds % 60] ?? ''}Z`
}

/**
 * The first moment at or after `ms` that falls in the region's working day, at a random hour of it. Sales and CRM
 * work happens on weekdays in office hours; people also browse in the evening, which `browsingMoment` allows.
 */
export function workingMoment(ms: number, region: Region, rng: Random): number {
  const hours = workdayStartUtc[region] + rng.between(0, 9)
  let day = Math.floor(ms / DAY) * DAY
  let moment = day + hours * HOUR
  while (moment < ms || isWeekend(moment)) {
    day += DAY
    moment = day + hours * HOUR
  }
  return Math.floor(moment / SECOND) * SECOND
}

/** Like `workingMoment`, but a fifth of visits happen outside office hours and on weekends. */
export function browsingMoment(ms: number, region: Region, rng: Random): number {
  if (rng.chance(0.2)) return Math.floor(ms / SECOND) * SECOND
  return workingMoment(ms, region, rng)
}

function isWeekend(ms: number): boolean {
  // Day 0 of the epoch was a Thursday, so (days + 4) mod 7 is the weekday with 0 = Sunday.
  const weekday = (((Math.floor(ms / DAY) + 4) % 7) + 7) % 7
  return weekday === 0 || weekday === 6
}
