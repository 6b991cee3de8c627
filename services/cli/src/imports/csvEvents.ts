import type { Readable } from 'node:stream'
import { csvRows } from './csvRows.ts'
import { columnsRead, type ImportMapping } from './importMapping.ts'
import { eventsOfRecord, groupsRows, skipsRow, type ImportRecord, type MappedEvent, type RowError } from './recordEvents.ts'

/** What a CSV export gives under a mapping, in file order: the events of each record, or the errors of a row. */
export type CsvImportItem = { kind: 'event'; mapped: MappedEvent } | { kind: 'error'; error: RowError }

export interface CsvCounts {
  rows: number
  skipped: number
}

export class HeaderError extends Error {}

/**
 * The events of a CSV export under a mapping. Rows are turned into events one at a time, except under a mapping that
 * lists over the rows sharing a key ({each: ...}: a deal's contact roles), whose records are gathered first. A row
 * that cannot be read, or that gives no event, is reported by its line and the rest go on.
 */
export async function* csvEvents(
  bytes: Readable,
  mapping: ImportMapping,
  counts: CsvCounts,
  onBytes?: (count: number) => void,
): AsyncGenerator<CsvImportItem> {
  const grouped = groupsRows(mapping)
  const records = new Map<string, ImportRecord>()
  for await (const item of csvRows(bytes, { delimiter: mapping.delimiter, skipLines: mapping.skipLines, ...(onBytes ? { onBytes } : {}) })) {
    if (item.kind === 'header') {
      checkHeader(mapping, item.columns)
      continue
    }
    counts.rows += 1
    if (item.kind === 'error') {
      yield { kind: 'error', error: { line: item.line, path: '', message: item.message } }
      continue
    }
    if (skipsRow(mapping, item)) {
      counts.skipped += 1
      continue
    }
    if (!grouped) {
      yield* outcomeItems(mapping, { rows: [item] })
      continue
    }
    const key = mapping.key.map((column) => item.cells[column]?.trim() ?? '').join('\u0000')
    const record = records.get(key)
    if (record) record.rows.push(item)
    else records.set(key, { rows: [item] })
  }
  for (const record of records.values()) yield* outcomeItems(mapping, record)
}

function* outcomeItems(mapping: ImportMapping, record: ImportRecord): Generator<CsvImportItem> {
  const { events, errors } = eventsOfRecord(mapping, record)
  for (const error of errors) yield { kind: 'error', error }
  for (const mapped of events) yield { kind: 'event', mapped }
}

/** Every column the mapping needs must be in the header: otherwise no row could be read, and none is. */
function checkHeader(mapping: ImportMapping, header: string[]): void {
  const present = new Set(header)
  const missing = [...columnsRead(mapping)].filter(([column, { optional }]) => !optional && !present.has(column)).map(([column]) => column)
  if (missing.length > 0) {
    throw new HeaderError(
      `the file has no column ${missing.map((column) => `'${column}'`).join(', ')}, which the mapping ${mapping.name} reads ` +
        `(its header: ${header.join(', ')})`,
    )
  }
}
