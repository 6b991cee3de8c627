/**
 * The embedded engine in a process of its own, opened as test/support/engine.ts opens it and driven by
 * engineProcess.ts over IPC with `app.inject()`. Some hostile inputs block the engine's event loop (a pattern that
 * backtracks for hours): in the test's own process that would freeze the test runner with it, here the test only
 * stops hearing back, fails with what it sent, and kills this process.
 */
import { loadConfig } from '@attribution/config'
import { openEngine } from '@attribution/cli'
import type { Event } from '@attribution/contracts'
import { revealedEvents, type GlobalPosition } from '@attribution/event-store'
import type { FromEngine, InjectRequest, ToEngine } from './engineProtocol.ts'

const send = (message: FromEngine) => process.send?.(message)

/** Error-level log lines (a 5xx logs its stack) and console errors (the projector's), until the next answer takes them. */
let serverLog: string[] = []
const logStream = { write: (line: string) => void serverLog.push(line.trimEnd()) }
const consoleError = console.error
console.error = (...args: unknown[]) => {
  serverLog.push(args.map((arg) => (arg instanceof Error ? (arg.stack ?? arg.message) : String(arg))).join(' '))
  consoleError(...args)
}
const takeLog = () => {
  const taken = serverLog
  serverLog = []
  return taken
}

const dataDir = process.argv[2]
if (!dataDir) throw new Error('usage: engineChild.ts <data dir>')
// A variable, not a literal: openEngine types its logger option as a level only; fastify also takes the stream.
const logger = { level: 'error', stream: logStream }
const engine = await openEngine(loadConfig({ dataDir, port: 0, host: '127.0.0.1' }, {}), { logger }).catch((error: Error) => {
  send({ kind: 'failed', error: error.stack ?? error.message })
  process.exit(1)
})
engine.projector.done.catch((error: Error) => {
  console.error('the projector stopped:', error)
  send({ kind: 'projectorStopped', error: error.message })
})

async function inject(request: InjectRequest) {
  const payload = request.payload instanceof Uint8Array ? Buffer.from(request.payload) : request.payload
  const response = await engine.app.inject({ method: request.method, url: request.url, headers: request.headers, payload })
  return { status: response.statusCode, text: response.payload, serverLog: takeLog() }
}

/** Every stored event, in global order, as its producer sent it (the store keeps persons pseudonymous). */
async function storedEvents(): Promise<Event[]> {
  const events: Event[] = []
  let after: GlobalPosition | null = null
  for (;;) {
    const page = await engine.store.readAll(after, 10_000)
    const last = page.at(-1)
    if (!last) return engine.vault ? revealedEvents(engine.vault, events) : events
    events.push(...page.map(({ event }) => event))
    after = last.position
  }
}

process.on('message', (message: ToEngine) => {
  const answer = async (): Promise<FromEngine> => {
    switch (message.kind) {
      case 'inject':
        return { id: message.id, kind: 'injected', reply: await inject(message.request) }
      case 'storedEvents':
        return { id: message.id, kind: 'storedEvents', events: await storedEvents() }
      case 'stop':
        await engine.stop()
        return { id: message.id, kind: 'stopped' }
    }
  }
  answer().then(send, (error: Error) => send({ id: message.id, kind: 'error', error: error.stack ?? error.message }))
})
send({ kind: 'ready' })
