/** Numbers that are not money: rates, ratios, counts and durations, with a dash where the API says there is none. */
const dash = '—'

/** A rate between 0 and 1 as a percentage with one decimal: 0.4567 -> "45.7%". */
export function formatRate(rate: number | null): string {
  return rate === null ? dash : `${(rate * 100).toFixed(1)}%`
}

/** ROI, a ratio that may be negative, as a percentage: -0.25 -> "-25.0%". */
export const formatRoi = formatRate

/** Return on ad spend: 3.2 -> "3.20×". */
export function formatRoas(roas: number | null): string {
  return roas === null ? dash : `${roas.toFixed(2)}×`
}

/** A count, fractional where credit splits deals (2.3333 -> "2.33"), whole otherwise (1200 -> "1,200"). */
export function formatCount(count: number | null): string {
  if (count === null) return dash
  return Number.isInteger(count) ? count.toLocaleString('en-US') : count.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
}

export function formatDays(days: number | null): string {
  return days === null ? dash : `${days.toFixed(1)} d`
}

export function formatHours(hours: number | null): string {
  return hours === null ? dash : `${hours.toFixed(1)} h`
}

/** An ISO instant as its UTC date: the API's business time is UTC. */
export function formatDate(iso: string | null): string {
  return iso === null ? dash : iso.slice(0, 10)
}

/** An ISO instant as UTC date and minute. */
export function formatDateTime(iso: string | null): string {
  return iso === null ? dash : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
}

/** A model's name as people say it: w_shaped -> "W-shaped". */
export function modelLabel(model: string): string {
  const labels: Record<string, string> = {
    first_touch: 'First touch',
    last_touch: 'Last touch',
    linear: 'Linear',
    u_shaped: 'U-shaped',
    w_shaped: 'W-shaped',
    full_path: 'Full path',
    time_decay: 'Time decay',
    custom: 'Custom weights',
    markov: 'Markov (data-driven)',
    shapley: 'Shapley (data-driven)',
  }
  return labels[model] ?? model
}
