import { UsageError, type Command } from '../cli.ts'
import { call } from '../apiClient.ts'

interface QuarantinedEvent {
  eventId: string
  eventType: string
  position: string
  occurredAt: string
  error: string
  state: string
  attempts: number
}

export const quarantineCommand: Command = {
  name: 'quarantine',
  summary: 'list the events the projector could not apply, or apply them again after a fix',
  usage: 'attribution quarantine [list | retry [EVENT_ID...]] [--url http://127.0.0.1:3000]',
  options: { url: { type: 'string' }, all: { type: 'boolean', default: false } },
  optionHelp: [
    'list                   the events set aside, with why each could not be applied (the default)',
    'retry [EVENT_ID...]    apply them again (all quarantined events, or those named), then wait and report',
    '--all                  list: also the events already applied again on a retry',
    '--url URL              the engine API (default http://127.0.0.1:3000, env ATTRIBUTION_URL)',
    '                       once API keys exist, the key to send is env ATTRIBUTION_API_KEY (scope read; admin to retry)',
    '',
    'The projector never stops on an event it cannot apply: it sets it aside and goes on with the log. Fix the cause',
    '(usually a new version of the engine), then retry: the events are applied where they belong in history.',
  ],
  async run(values, positionals) {
    const url = ((values.url as string | undefined) ?? process.env.ATTRIBUTION_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '')
    const [action = 'list', ...eventIds] = positionals
    if (action === 'list') {
      const query = values.all ? '' : '?state=quarantined'
      const { events } = await call<{ events: QuarantinedEvent[] }>(url, 'GET', `/v1/quarantine${query}`)
      printEvents(events, values.all ? 'no event was ever quarantined' : 'no event is quarantined')
      return
    }
    if (action !== 'retry') throw new UsageError(`unknown action '${action}': use list or retry`)
    const body = JSON.stringify(eventIds.length > 0 ? { eventIds } : {})
    const { retrying } = await call<{ retrying: QuarantinedEvent[] }>(url, 'POST', '/v1/quarantine/retry', { body })
    if (retrying.length === 0) {
      process.stderr.write('nothing to retry: no event is quarantined\n')
      return
    }
    process.stderr.write(`retrying ${retrying.length} events...\n`)
    const asked = new Set(retrying.map((event) => event.eventId))
    const settled = await waitForRetries(url, asked)
    const stillFailing = settled.filter((event) => event.state === 'quarantined')
    process.stderr.write(`${settled.length - stillFailing.length} applied, ${stillFailing.length} still failing\n`)
    printEvents(stillFailing, '')
    if (stillFailing.length > 0) process.exitCode = 3
  },
}

/** Polls until the projector has handled every event asked for; their rows as they ended. */
async function waitForRetries(url: string, asked: ReadonlySet<string>): Promise<QuarantinedEvent[]> {
  for (;;) {
    const { events } = await call<{ events: QuarantinedEvent[] }>(url, 'GET', '/v1/quarantine?limit=10000')
    const ours = events.filter((event) => asked.has(event.eventId))
    if (ours.every((event) => event.state !== 'retry_requested')) return ours
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

function printEvents(events: readonly QuarantinedEvent[], whenNone: string): void {
  if (events.length === 0) {
    if (whenNone) process.stderr.write(`${whenNone}\n`)
    return
  }
  for (const event of events) {
    process.stdout.write(`${event.position}\t${event.eventType}\t${event.eventId}\t${event.state}\t${event.error}\n`)
  }
}
