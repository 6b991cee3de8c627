import { createReadStream, existsSync, statSync } from 'node:fs'
import { authorization } from '../apiClient.ts'
import { intFlag, UsageError, type Command } from '../cli.ts'
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

const SHOWN_ERRORS = 10

export const importCommand: Command = {
  name: 'import',
  summary: 'send the events of an NDJSON file (one JSON event per line) to a running engine',
  usage: 'attribution import <file.ndjson> [--url http://127.0.0.1:3000] [--batch-size 5000]',
  options: { url: { type: 'string' }, 'batch-size': { type: 'string' } },
  optionHelp: [
    '--url URL              the engine\'s API (default http://127.0.0.1:3000, or http://HOST:PORT from the env)',
    '                       once API keys exist, the key to send is env ATTRIBUTION_API_KEY (scope ingest)',
    '--batch-size N         events per request, at most 10000 (default 5000)',
    '',
    'Re-importing a file is safe: events already stored are counted as duplicates, not stored twice.',
    'Exit status: 0 when every event was accepted or a duplicate, 3 when some were rejected, 1 on failure.',
  ],
  async run(values, positionals) {
    const [file] = positionals
    if (!file) throw new UsageError('name the NDJSON file to import, e.g. attribution import events.ndjson')
    if (!existsSync(file)) throw new UsageError(`no such file: ${file}`)
    const url = ((values.url as string | undefined) ?? `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT ?? 3000}`).replace(/\/$/, '')
    const batchSize = intFlag(values, 'batch-size', 5_000, 1)
    if (batchSize > 10_000) throw new UsageError('--batch-size must be at most 10000')

    const progress = new ProgressBar(`importing ${file}`, statSync(file).size)
    const totals = { accepted: 0, duplicates: 0, rejected: [] as Rejection[], rejectedCount: 0 }
    let batch: { line: number; event: unknown }[] = []
    let batchBytes = 0

    const send = async () => {
      const answer = await postEvents(url, batch.map((item) => item.event))
      totals.accepted += answer.accepted
      totals.duplicates += answer.duplicates
      totals.rejectedCount += answer.rejected.length
      for (const rejection of answer.rejected) {
        if (totals.rejected.length < SHOWN_ERRORS) {
          totals.rejected.push({ line: batch[rejection.index]?.line ?? -1, eventId: rejection.eventId, errors: rejection.errors })
        }
      }
      progress.advance(batchBytes)
      batch = []
      batchBytes = 0
    }

    /** A line refused here, before any request: it never reached the engine. */
    const refuseLine = (line: number, message: string) => {
      totals.rejectedCount += 1
      if (totals.rejected.length < SHOWN_ERRORS) totals.rejected.push({ line, errors: [{ path: '', message }] })
    }
    for await (const line of ndjsonLines(createReadStream(file))) {
      batchBytes += line.bytes
      if (line.text === undefined) {
        refuseLine(line.number, 'the line is not valid UTF-8')
        continue
      }
      if (line.text.trim() === '') continue
      try {
        batch.push({ line: line.number, event: JSON.parse(line.text) })
      } catch (error) {
        refuseLine(line.number, `not valid JSON: ${(error as Error).message}`)
        continue
      }
      if (batch.length >= batchSize) await send()
    }
    if (batch.length > 0) await send()

    progress.finish(
      `imported ${file}: ${totals.accepted} accepted, ${totals.duplicates} duplicates, ${totals.rejectedCount} rejected`,
    )
    for (const rejection of totals.rejected) {
      const where = `line ${rejection.line}${rejection.eventId ? ` (${rejection.eventId})` : ''}`
      process.stderr.write(`  ${where}: ${rejection.errors.map((error) => `${error.path || 'event'}: ${error.message}`).join('; ')}\n`)
    }
    if (totals.rejectedCount > totals.rejected.length) {
      process.stderr.write(`  ... and ${totals.rejectedCount - totals.rejected.length} more rejected events\n`)
    }
    if (totals.rejectedCount > 0) process.exitCode = 3
  },
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
