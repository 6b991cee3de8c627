import { Transform, type Readable } from 'node:stream'
import { parse } from 'csv-parse'

/** What reading a CSV export gives, in file order: its header, then each row or the reason a row cannot be read. */
export type CsvItem =
  | { kind: 'header'; columns: string[] }
  | { kind: 'row'; line: number; cells: Record<string, string> }
  | { kind: 'error'; line: number; message: string }

export class NotUtf8Error extends Error {}

/**
 * The rows of a CSV file, read by csv-parse (RFC 4180: quoted cells holding delimiters, quotes and line breaks; a
 * byte-order mark; CRLF or LF), each with the line of the file it starts on. Empty lines are passed over; a row with
 * more or fewer cells than the header, or a quote never closed, is reported by its line and reading goes on. Lines
 * before the header (a report's title and date range) are left out by `skipLines`. The bytes must be UTF-8: a file
 * that is not is refused as a whole, since guessing its encoding would change ids and names silently.
 */
export async function* csvRows(
  bytes: Readable,
  { delimiter = ',', skipLines = 0, onBytes }: { delimiter?: string; skipLines?: number; onBytes?: (count: number) => void } = {},
): AsyncGenerator<CsvItem> {
  const parser = parse({
    bom: true,
    delimiter,
    from_line: skipLines + 1,
    info: true,
    raw: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
  })
  // csv-parse reports a record it skips as soon as it meets it, before the records it has parsed but not yet handed
  // over: each waits here until the rows before it are out, so every report comes in the order of the file.
  const skipped: { error: Error & { lines?: number }; afterLine: number }[] = []
  let lastLine = skipLines
  parser.on('skip', (error: Error & { lines?: number }) => skipped.push({ error, afterLine: error.lines ?? 0 }))
  const reportsBefore = function* (line: number): Generator<CsvItem> {
    while (skipped.length > 0 && (skipped[0]?.afterLine ?? 0) < line) {
      const { error } = skipped.shift() as { error: Error & { lines?: number } }
      yield error.message.startsWith('Quote Not Closed')
        ? { kind: 'error', line: lastLine + 1, message: 'opens a quoted cell that is never closed: the rest of the file cannot be read' }
        : { kind: 'error', line: error.lines ?? lastLine + 1, message: error.message }
    }
  }
  const decoded = bytes.pipe(strictUtf8(onBytes))
  decoded.on('error', (error) => parser.destroy(error))
  decoded.pipe(parser)

  let header: string[] | undefined
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number; raw: string } }>) {
    const line = startLine(info.lines, info.raw)
    yield* reportsBefore(line)
    lastLine = info.lines
    if (!header) {
      header = record.map((column) => column.trim())
      yield { kind: 'header', columns: header }
      continue
    }
    if (record.length !== header.length && !(record.length === 1 && record[0] === '')) {
      yield { kind: 'error', line, message: `has ${record.length} cells where the header names ${header.length} columns` }
      continue
    }
    yield { kind: 'row', line, cells: Object.fromEntries(header.map((column, index) => [column, record[index] ?? ''])) }
  }
  yield* reportsBefore(Number.POSITIVE_INFINITY)
}

/** The line a record starts on: csv-parse counts the line it ends on, and its raw text holds the breaks inside it. */
function startLine(endLine: number, raw: string): number {
  const inside = raw.replace(/^(\r?\n)+/, '').replace(/\r?\n$/, '')
  return endLine - (inside.match(/\n/g)?.length ?? 0)
}

/**
 * Bytes to text, refusing any that are not UTF-8 (with where), and counting the bytes read for a progress bar. Line
 * breaks become \n (CRLF from Windows exports, CR from old Macs), inside quoted cells too: csv-parse then counts lines
 * as an editor shows them, which it does not for CRLF.
 */
function strictUtf8(onBytes?: (count: number) => void): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let offset = 0
  // A CR ending a chunk may be the first half of a CRLF: it waits for the next chunk.
  let heldCr = ''
  const unified = (text: string, last: boolean): string => {
    const whole = heldCr + text
    heldCr = !last && whole.endsWith('\r') ? '\r' : ''
    return (heldCr ? whole.slice(0, -1) : whole).replace(/\r\n?/g, '\n')
  }
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _encoding, done) {
      try {
        const text = unified(decoder.decode(chunk, { stream: true }), false)
        offset += chunk.length
        onBytes?.(chunk.length)
        done(null, text)
      } catch {
        done(new NotUtf8Error(`the file is not UTF-8 text (within bytes ${offset}-${offset + chunk.length}): export or save it as UTF-8`))
      }
    },
    flush(done) {
      try {
        done(null, unified(decoder.decode(), true))
      } catch {
        done(new NotUtf8Error('the file is not UTF-8 text (its last bytes): export or save it as UTF-8'))
      }
    },
  })
}
