/**
 * How the cells of an export are read: dates, amounts, booleans and lists as CRMs and ad platforms write them. Pure;
 * a cell that cannot be read gives a reason, which the import reports with the row's line and the column.
 */

/**
 * Date formats an export may use. `iso`: 2024-03-01, 2024-03-01 09:30, 2024-03-01T09:30:00.000Z or with an offset
 * (Salesforce's Data Loader, HubSpot, Google Ads). The others are day-first or month-first dates (report exports),
 * optionally followed by a time (09:30, 09:30:15, 9:30 AM). A date or time without an offset is read as UTC.
 */
export const dateFormats = ['iso', 'MM/DD/YYYY', 'DD/MM/YYYY', 'DD.MM.YYYY'] as const

export type CellValue = { ok: true; value: string | number | boolean | string[] } | { ok: false; message: string }

const DAY_MS = 86_400_000

const isoPattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i
const dayMonthPattern = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?$/i

/** A date cell as an ISO instant (UTC), `addDays` later; or why it is not a date in that format. */
export function readDate(cell: string, format: (typeof dateFormats)[number], addDays = 0): CellValue {
  const example = format === 'iso' ? '2024-03-01 or 2024-03-01T09:30:00Z' : format.replace('MM', '03').replace('DD', '01').replace('YYYY', '2024')
  const refusal: CellValue = { ok: false, message: `'${cell}' is not a date written as ${format} (e.g. ${example})` }
  let parts: { year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number; offset?: string }
  if (format === 'iso') {
    const match = isoPattern.exec(cell)
    if (!match) return refusal
    const [, year, month, day, hour, minute, second, fraction, offset] = match
    parts = {
      year: Number(year),
      month: Number(month),
      day: Number(day),
      hour: Number(hour ?? 0),
      minute: Number(minute ?? 0),
      second: Number(second ?? 0),
      ms: Number((fraction ?? '0').padEnd(3, '0').slice(0, 3)),
      ...(offset ? { offset } : {}),
    }
  } else {
    const match = dayMonthPattern.exec(cell)
    if (!match || (format === 'DD.MM.YYYY') !== cell.includes('.')) return refusal
    const [, first, second, year, hour, minute, secondOfMinute, meridiem] = match
    let hours = Number(hour ?? 0)
    if (meridiem) {
      if (hours < 1 || hours > 12) return refusal
      hours = (hours % 12) + (meridiem.toUpperCase() === 'PM' ? 12 : 0)
    }
    const monthFirst = format === 'MM/DD/YYYY'
    parts = {
      year: Number(year),
      month: Number(monthFirst ? first : second),
      day: Number(monthFirst ? second : first),
      hour: hours,
      minute: Number(minute ?? 0),
      second: Number(secondOfMinute ?? 0),
      ms: 0,
    }
  }
  const { year, month, day, hour, minute, second, ms } = parts
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms)
  const date = new Date(utc)
  // Date.UTC rolls 2024-02-30 over to March: a date that does not exist is refused, not moved.
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, message: `'${cell}' is not a day that exists` }
  }
  const offsetMs = parts.offset ? offsetOf(parts.offset) : 0
  return { ok: true, value: new Date(utc - offsetMs + addDays * DAY_MS).toISOString() }
}

function offsetOf(offset: string): number {
  if (offset.toUpperCase() === 'Z') return 0
  const sign = offset.startsWith('-') ? -1 : 1
  const digits = offset.slice(1).replace(':', '')
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000
}

/**
 * An amount as a decimal string ('1234.50'), which the contract takes exactly: the thousands separator dropped, the
 * decimal one made a point, a currency symbol or code around it ignored ('$1,234.50', '1.234,50 €', 'USD 12').
 */
export function readAmount(cell: string, decimal: '.' | ',', thousands: string): CellValue {
  const currency = /^(?:[A-Z]{3}|[$€£¥₹])\s*|\s*(?:[A-Z]{3}|[$€£¥₹])$/g
  const bare = cell.replace(currency, '').replace(/\s/g, thousands === ' ' ? ' ' : '')
  const negative = /^\(.*\)$/.test(bare) || bare.startsWith('-')
  const [whole = '', fraction, ...more] = bare.replace(/^[-(]|\)$/g, '').split(decimal)
  // Thousands come in groups of three: '12,3' is not twelve hundred and three, whatever the separator.
  const groups = thousands === '' ? [whole] : whole.split(thousands)
  const grouped = groups.length === 1 || groups.every((group, index) => (index === 0 ? /^\d{1,3}$/ : /^\d{3}$/).test(group))
  const digits = `${groups.join('')}${fraction === undefined ? '' : `.${fraction}`}`
  if (more.length > 0 || !grouped || !/^\d+(\.\d+)?$/.test(digits)) {
    return { ok: false, message: `'${cell}' is not an amount written with '${decimal}' for decimals${thousands ? ` and '${thousands}' for thousands` : ''}` }
  }
  return { ok: true, value: `${negative ? '-' : ''}${digits}` }
}

/** A number cell (a count, a percentage) as a number. */
export function readNumber(cell: string): CellValue {
  const value = Number(cell.replace(/,/g, ''))
  return Number.isFinite(value) && cell.trim() !== '' ? { ok: true, value } : { ok: false, message: `'${cell}' is not a number` }
}

/** A yes/no cell, as the mapping spells yes and no (case-insensitive). */
export function readBoolean(cell: string, spelled: { true: string[]; false: string[] }): CellValue {
  const lower = cell.toLowerCase()
  if (spelled.true.some((value) => value.toLowerCase() === lower)) return { ok: true, value: true }
  if (spelled.false.some((value) => value.toLowerCase() === lower)) return { ok: true, value: false }
  return { ok: false, message: `'${cell}' is neither ${spelled.true.join('/')} nor ${spelled.false.join('/')}` }
}

/** A list cell ('003A;003B'), split at the separator, empty items dropped, each trimmed. */
export function readList(cell: string, separator: string): CellValue {
  return { ok: true, value: cell.split(separator).map((item) => item.trim()).filter((item) => item !== '') }
}
