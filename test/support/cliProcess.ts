import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import path from 'node:path'
import { eventually } from './eventually.ts'

const cli = path.resolve(import.meta.dirname, '../../services/cli/bin/attribution.mjs')

/** How much of a process's stderr to keep: enough to say why it failed, bounded however long it runs. */
const keptOutput = 20_000

/** One `attribution` command in a process of its own, as it runs in a deployment, so it can die of SIGKILL. */
export class CliProcess {
  /** The exit code, or null when a signal ended it. */
  readonly exited: Promise<number | null>
  private output = ''

  constructor(private readonly child: ChildProcess) {
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (chunk: string) => {
      this.output = (this.output + chunk).slice(-keptOutput)
    })
    this.exited = once(child, 'exit').then(([code]) => code as number | null)
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null
  }

  /** The end of what it wrote to stderr, for failure messages. */
  get stderr(): string {
    return this.output
  }

  /** Resolves once its stderr has shown `text` (a start-up line, say); fails if it exits first. */
  async printed(text: string, timeoutMs = 60_000): Promise<void> {
    await eventually(
      async () => {
        if (this.output.includes(text)) return true
        if (!this.running) throw new Error(`exited before printing "${text}":\n${this.output}`)
        return false
      },
      `a process printed "${text}"`,
      timeoutMs,
    )
  }

  /** Sends the signal and waits until the process is gone; returns its exit code (null when the signal ended it). */
  async stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<number | null> {
    if (this.running) this.child.kill(signal)
    return this.exited
  }
}

/** The processes a test started, so that its afterAll can kill whichever still run, however the test ended. */
export class CliProcesses {
  private readonly started: CliProcess[] = []
  private closed = false

  /** `attribution <args>` with the test's environment plus `env`, logging silenced unless `env` says otherwise. */
  start(args: readonly string[], env: Record<string, string>): CliProcess {
    // A test that failed may still be running a loop that restarts what it killed: nothing may outlive killAll.
    if (this.closed) throw new Error(`not starting attribution ${args.join(' ')}: the test is over`)
    const child = spawn(process.execPath, [cli, ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    const started = new CliProcess(child)
    this.started.push(started)
    return started
  }

  async killAll(): Promise<void> {
    this.closed = true
    await Promise.all(this.started.map((process) => process.stop('SIGKILL')))
  }
}

/** A TCP port nothing listens on now, for a child process to listen on (and on again after each restart). */
export async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  server.close()
  await once(server, 'close')
  if (address === null || typeof address === 'string') throw new Error('no TCP address to take a port from')
  return address.port
}
