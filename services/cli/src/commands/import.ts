import { createReadStream, existsSync, statSync } from 'node:fs'
import { authorization } from '../apiClient.ts'
import { intFlag, UsageError, type Command } from '../cli.ts'
import { csvEvents, HeaderError, type CsvCounts } from '../imports/csvEvents.ts'
import { NotUtf8Error } from '../imports/csvRows.ts'
import { loadMapping, MappingError, shippedMappingNames } from '../imports/shippedMappings.ts'
import { ndjsonLines } from '../ndjsonLines.ts'
import { ProgressBar } from '../progress.ts'

interface Rejection {
  line: number
  eventId?: string
  errors: { path: string; message: string }[]
}

interface IngestAnswer {
  accepted: number
  duplicates: number
  rejected: { index: number; eventId?: string; errors: { path: string; message: string }[] }[]
}

/** An event to send, with the line of the file it came from and, from a CSV, the column of each data field. */
interface Outgoing {
  line: number
  event: unknown
  columns?: Map<string, string>
}

const SHOWN_ERRORS = 10

export const importCommand: Command = {
  name: 'import',
  summary: 'send the events of an NDJSON file, or the rows of a CSV export under a mapping, to a running engine',
  usage:
    'attribution import <file.ndjson> [--url http://127.0.0.1:3000] [--batch-size 5000]\n' +
    '       attribution import <file.csv> --mapping NAME|mapping.yaml [--url ...] [--batch-size ...]',
  options: { url: { type: 'string' }, 'batch-size': { type: 'string' }, mapping: { type: 'string' } },
  optionHelp: [
    '--mapping NAME|FILE    read the file as CSV and turn each row into events under this mapping: a shipped one',
    `                       (${shippedMappingNames().join(', ')})`,
    '                       or a YAML mapping of your own (docs/imports.md says how to write one)',
    '--url URL              the engine\'s API (default http://127.0.0.1:3000, or http://HOST:PORT from the env)',
    '                       once API keys exist, the key to send is env ATTRIBUTION_API_KEY (scope ingest)',
    '--batch-size N         events per request, at most 10000 (default 5000)',
    '',
    'Re-importing a file is safe: events already stored are counted as duplicates, not stored twice. Events made from',
    'CSV rows take ids from each row\'s key, so a corrected export stores only what changed (docs/imports.md).',
    'Rows that cannot be read are reported with their line; the others are imported.',
    'Exit status: 0 when every event was accepted or a duplicate, 3 when some rows or events were rejected, 1 on failure.',
  ],
  async run(values, positionals) {
    const [file] = positionals
    if (!file) throw new UsageError('name the file to import, e.g. attribution import events.ndjson, or attribution import deals.csv --mapping hubspot-deals')
    if (!existsSync(file)) throw new UsageError(`no such file: ${file}`)
    const url = ((values.url as string | undefined) ?? `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT ?? 3000}`).replace(/\/$/, '')
    const batchSize = intFlag(values, 'batch-size', 5_000, 1)
    if (batchSize > 10_000) throw new UsageError('--batch-size must be at most 10000')
    const mappingName = values.mapping as string | undefined
    if (mappingName === undefined && file.toLowerCase().endsWith('.csv')) {
      throw new UsageError(`a CSV file needs --mapping: one of ${shippedMappingNames().join(', ')}, or a YAML mapping of your own`)
    }

    const progress = new ProgressBar(`importing ${file}`, statSync(file).size)
    const totals = { accepted: 0, duplicates: 0, rejected: [] as Rejection[], rejectedCount: 0 }
    let batch: Outgoing[] = []

    const send = async () => {
      const answer = await postEvents(url, batch.map((item) => item.event))
      totals.accepted += answer.accepted
      totals.duplicates += answer.duplicates
      for (const rejection of answer.rejected) {
        const sent = batch[rejection.index]
        refuse(sent?.line ?? -1, rejection.errors.map((error) => withColumn(error, sent?.columns)), rejection.eventId)
      }
      batch = []
    }
    const refuse = (line: number, errors: Rejection['errors'], eventId?: string) => {
      totals.rejectedCount += 1
      if (totals.rejected.length < SHOWN_ERRORS) totals.rejected.push({ line, ...(eventId ? { eventId } : {}), errors })
    }
    const queue = async (item: Outgoing) => {
      batch.push(item)
      if (batch.length >= batchSize) await send()
    }

    let summary: string
    if (mappingName === undefined) {
      for await (const line of ndjsonLines(createReadStream(file))) {
        progress.advance(line.bytes)
        if (line.text === undefined) {
          refuse(line.number, [{ path: '', message: 'the line is not valid UTF-8' }])
          continue
        }
        if (line.text.trim() === '') continue
        let event: unknown
        try {
          event = JSON.parse(line.text)
        } catch (error) {
          refuse(line.number, [{ path: '', message: `not valid JSON: ${(error as Error).message}` }])
          continue
        }
        await queue({ line: line.number, event })
      }
      if (batch.length > 0) await send()
      summary = `imported ${file}: ${totals.accepted} accepted, ${totals.duplicates} duplicates, ${totals.rejectedCount} rejected`
    } else {
      const counts = await importCsv(file, mappingName, { queue, refuse, advance: (bytes) => progress.advance(bytes) })
      if (batch.length > 0) await send()
      summary =
        `imported ${file} (mapping ${mappingName}): ${counts.rows} rows, ${counts.skipped} skipped; ` +
        `${totals.accepted} accepted, ${totals.duplicates} duplicates, ${totals.rejectedCount} rejected`
    }

    progress.finish(summary)
    for (const rejection of totals.rejected) {
      const where = `line ${rejection.line}${rejection.eventId ? ` (${rejection.eventId})` : ''}`
      process.stderr.write(`  ${where}: ${rejection.errors.map((error) => `${error.path || 'event'}: ${error.message}`).join('; ')}\n`)
    }
    if (totals.rejectedCount > totals.rejected.length) {
      process.stderr.write(`  ... and ${totals.rejectedCount - totals.rejected.length} more rejected\n`)
    }
    if (totals.rejectedCount > 0) process.exitCode = 3
  },
}

/** Sends the events of a CSV file's rows under a mapping; a row that cannot be read is refused with its line. */
async function importCsv(
  file: string,
  mappingName: string,
  to: {
    queue: (item: Outgoing) => Promise<void>
    refuse: (line: number, errors: Rejection['errors']) => void
    advance: (bytes: number) => void
  },
): Promise<CsvCounts> {
  let mapping
  try {
    mapping = loadMapping(mappingName)
  } catch (error) {
    if (error instanceof MappingError) throw new UsageError(error.message)
    throw error
  }
  const counts: CsvCounts = { rows: 0, skipped: 0 }
  try {
    for await (const item of csvEvents(createReadStream(file), mapping, counts, to.advance)) {
      if (item.kind === 'error') to.refuse(item.error.line, [{ path: item.error.path, message: item.error.message }])
      else await to.queue({ line: item.mapped.line, event: item.mapped.event, columns: item.mapped.columns })
    }
  } catch (error) {
    if (error instanceof HeaderError || error instanceof NotUtf8Error) throw new UsageError(error.message)
    throw error
  }
  return counts
}

/** A refusal of a field read from a CSV column names the column too, so the export can be fixed where it is wrong. */
function withColumn(error: { path: string; message: string }, columns: Map<string, string> | undefined) {
  const column = columns?.get(error.path)
  return column ? { path: `${error.path} (column ${column})`, message: error.message } : error
}

async function postEvents(url: string, events: unknown[]): Promise<IngestAnswer> {
  let response: Response
  try {
    response = await fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { ...authorization(), 'content-type': 'application/json' },
      body: JSON.stringify(events),
    })
  } catch (error) {
    throw new UsageError(`no engine answers at ${url} (${(error as Error).message}); start one with 'attribution start'`)
  }
  const body = (await response.json()) as IngestAnswer & { message?: string }
  if (response.status !== 202 && response.status !== 400) {
    throw new Error(`the engine answered ${response.status}: ${body.message ?? JSON.stringify(body)}`)
  }
  if (!Array.isArray(body.rejected)) throw new Error(`the engine answered ${response.status}: ${body.message ?? ''}`)
  return body
}
