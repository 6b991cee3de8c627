import { fork, type ChildProcess } from 'node:child_process'
import { afterAll, beforeAll } from 'vitest'
import { temporaryDataDir } from '../engine.ts'
import type { Event } from '@attribution/contracts'
import type { FromEngine, InjectReply, InjectRequest, ToEngine } from './engineProtocol.ts'

/** The longest any answer may take: to a client, a request that needs longer has hung. */
export const answerBoundMs = 5_000
/** How long an engine that missed the bound gets to answer again before it counts as stuck for good. */
const recoveryMs = 120_000
const startMs = 120_000

export interface Answer extends InjectReply {
  /** The answer parsed as JSON, or undefined when it is not JSON. */
  body: unknown
  ms: number
}

type Pending = { resolve(message: FromEngine): void; reject(error: Error): void }

const delay = (ms: number) => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref())

/** `POST /v1/events (1,234 bytes)`, the URL cut short: how failures name a request without printing megabytes. */
export function describeRequest({ method, url, payload }: InjectRequest): string {
  const shown = url.length > 160 ? `${url.slice(0, 160)}... (${url.length} characters)` : url
  return payload === undefined ? `${method} ${shown}` : `${method} ${shown} (${Buffer.byteLength(payload).toLocaleString('en')} bytes)`
}

/**
 * An embedded engine in a child process (engineChild.ts), asked with `app.inject()` over IPC. Every request is
 * bounded: an answer later than `answerBoundMs` fails the request, and an engine that does not answer at all is
 * reported stuck and later requests fail at once, naming the request it stopped at.
 */
export class EngineProcess {
  /** Why the engine no longer answers, once it does not. */
  stuck: string | undefined
  /** Why the projector stopped, once it has: what is stored from then on never reaches the read model. */
  projectorStopped: string | undefined
  /** The last lines the engine logged at level error, whichever request they came with: the projector's failures among them. */
  readonly recentLog: string[] = []
  private readonly pending = new Map<number, Pending>()
  private nextId = 0

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: FromEngine) => {
      if (message.kind === 'projectorStopped') this.projectorStopped ??= message.error
      if (!('id' in message)) return
      const waiting = this.pending.get(message.id)
      this.pending.delete(message.id)
      if (message.kind === 'injected') {
        this.recentLog.push(...message.reply.serverLog)
        this.recentLog.splice(0, this.recentLog.length - 20)
      }
      if (message.kind === 'error') waiting?.reject(new Error(`the engine process failed: ${message.error}`))
      else waiting?.resolve(message)
    })
    child.on('exit', (code, signal) => {
      this.stuck ??= `the engine process exited (${signal ?? `code ${code}`})`
      for (const waiting of this.pending.values()) waiting.reject(new Error(this.stuck))
      this.pending.clear()
    })
  }

  static async start(dataDir: string): Promise<EngineProcess> {
    const child = fork(new URL('./engineChild.ts', import.meta.url), [dataDir], {
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    })
    const started = await Promise.race([
      new Promise<FromEngine>((resolve) => child.once('message', resolve)),
      new Promise<FromEngine>((resolve) => child.once('exit', (code) => resolve({ kind: 'failed', error: `exited with code ${code}` }))),
      delay(startMs).then((): FromEngine => ({ kind: 'failed', error: `not ready after ${startMs} ms` })),
    ])
    if (started.kind !== 'ready') {
      child.kill('SIGKILL')
      throw new Error(`the engine process did not start: ${'error' in started ? started.error : started.kind}`)
    }
    return new EngineProcess(child)
  }

  /** Fails at once, saying why, when an earlier request left the engine stuck. */
  assertAnswering(): void {
    if (this.stuck) throw new Error(`the engine no longer answers: ${this.stuck}`)
  }

  /** Fails at once, saying why, once the projector has stopped. */
  assertProjecting(): void {
    if (this.projectorStopped) throw new Error(`the projector has stopped: ${this.projectorStopped.slice(0, 2_000)}`)
  }

  /** Sends one request; throws when the answer takes longer than `answerBoundMs`. */
  async request(request: InjectRequest): Promise<Answer> {
    this.assertAnswering()
    const started = performance.now()
    const replied = this.call({ kind: 'inject', request })
    const inTime = await Promise.race([replied, delay(answerBoundMs)])
    if (inTime?.kind === 'injected') return answerOf(inTime.reply, performance.now() - started)
    // Wait for the late answer, so that the next input (a shrunk one, say) meets an engine that listens again.
    const late = await Promise.race([replied, delay(recoveryMs)])
    const waited = Math.round(performance.now() - started).toLocaleString('en')
    if (late?.kind !== 'injected') this.stuck = `no answer to ${describeRequest(request)} within ${waited} ms`
    const outcome = late?.kind === 'injected' ? `it answered ${late.reply.status} after ${waited} ms` : `none after ${waited} ms: the engine is stuck`
    const log = late?.kind === 'injected' && late.reply.serverLog.length > 0 ? `\nserver log:\n${late.reply.serverLog.join('\n')}` : ''
    throw new Error(`${describeRequest(request)}: no answer within ${answerBoundMs} ms (${outcome})${log}`)
  }

  /** Every stored event, in global order. */
  async storedEvents(): Promise<Event[]> {
    this.assertAnswering()
    const reply = await this.call({ kind: 'storedEvents' })
    if (reply.kind !== 'storedEvents') throw new Error(`unexpected reply ${reply.kind}`)
    return reply.events
  }

  /** Stops the engine, or kills it when it is stuck or does not stop within a minute. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return
    const exited = new Promise((resolve) => this.child.once('exit', resolve))
    if (!this.stuck) await Promise.race([this.call({ kind: 'stop' }).catch(() => undefined), delay(60_000)])
    this.child.kill('SIGKILL')
    await exited
  }

  private call(message: { kind: 'inject'; request: InjectRequest } | { kind: 'storedEvents' } | { kind: 'stop' }): Promise<FromEngine> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.child.send({ id, ...message } as ToEngine)
    })
  }
}

function answerOf(reply: InjectReply, ms: number): Answer {
  let body: unknown
  try {
    body = JSON.parse(reply.text)
  } catch {
    body = undefined
  }
  return { ...reply, body, ms }
}

/**
 * Engine processes for the tests of a describe block, one per label, started side by side on fresh data directories
 * and stopped (or killed) and removed after them.
 */
export function useEngineProcesses<Label extends string>(...labels: Label[]): Record<Label, EngineProcess> {
  const data = labels.map((label) => temporaryDataDir(label))
  const engines = new Map<Label, EngineProcess>()
  beforeAll(async () => {
    const started = await Promise.all(data.map(({ dir }) => EngineProcess.start(dir)))
    labels.forEach((label, index) => engines.set(label, started[index] as EngineProcess))
  }, startMs)
  afterAll(async () => {
    await Promise.all([...engines.values()].map((engine) => engine.stop()))
    for (const { remove } of data) remove()
  }, 90_000)
  const running = {} as Record<Label, EngineProcess>
  for (const label of labels) {
    Object.defineProperty(running, label, {
      get: () => {
        const engine = engines.get(label)
        if (!engine) throw new Error(`the engine process ${label} is not running: use it inside a test`)
        return engine
      },
    })
  }
  return running
}
