import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('../../bin/attribution.mjs', import.meta.url))

export interface IngestorProcessOptions {
  brokers: string
  topicPrefix: string
  groupId: string
  eventStoreUrl: string
  /** Partitions it ingests at once. */
  concurrency: number
}

export interface ProjectorProcess {
  /** Events it has applied, as its /metrics counts them. */
  eventsApplied(): Promise<number>
  stop(): Promise<void>
}

/** `attribution ingest` in a process of its own, as a server deployment runs it; resolves once it consumes. */
export async function startIngestorProcess(options: IngestorProcessOptions): Promise<{ stop(): Promise<void> }> {
  const { stop } = await startCli('ingestor', ['ingest', '--concurrency', String(options.concurrency)], /ingest: consuming/, {
    KAFKA_BROKERS: options.brokers,
    KAFKA_TOPIC_PREFIX: options.topicPrefix,
    INGESTOR_GROUP_ID: options.groupId,
    EVENT_STORE_URL: options.eventStoreUrl,
  })
  return { stop }
}

/**
 * `attribution project` in a process of its own, as a server deployment runs it, over the event store at
 * `eventStoreUrl` and an embedded chDB in `dataDir`; resolves once its metrics endpoint answers.
 */
export async function startProjectorProcess(options: { eventStoreUrl: string; dataDir: string }): Promise<ProjectorProcess> {
  const { ready, stop } = await startCli('projector', ['project', '--metrics-port', '0'], /project: metrics at (\S+)/, {
    EVENT_STORE_URL: options.eventStoreUrl,
    ATTRIBUTION_DATA_DIR: options.dataDir,
    CLICKHOUSE_URL: undefined,
  })
  const metricsUrl = ready[1]!
  return {
    stop,
    async eventsApplied() {
      const text = await (await fetch(metricsUrl)).text()
      return Number(/^attribution_projector_events_applied_total (\d+)/m.exec(text)?.[1] ?? 0)
    },
  }
}

/**
 * `attribution <args>` as a child process: resolves with the match once a line of its stderr matches `ready`, rejects
 * if it exits first (with the end of what it said). `stop` ends it as an operator would, with SIGTERM, and waits.
 */
async function startCli(
  name: string,
  args: string[],
  ready: RegExp,
  /** Set over this process's environment; an undefined value removes the variable. */
  env: Record<string, string | undefined>,
): Promise<{ ready: RegExpMatchArray; stop(): Promise<void> }> {
  const childEnv = { ...process.env, ...env }
  for (const [key, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[key]
  const child = spawn(process.execPath, [cli, ...args], { env: childEnv, stdio: ['ignore', 'ignore', 'pipe'] })
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    let said = ''
    child.stderr.setEncoding('utf8')
    const listen = (chunk: string) => {
      said = (said + chunk).slice(-4_000)
      const found = ready.exec(said)
      if (!found) return
      // Read on and drop what it says later, so a full pipe never blocks it.
      child.stderr.off('data', listen).resume()
      resolve(found)
    }
    child.stderr.on('data', listen)
    child.once('exit', (code) => reject(new Error(`the ${name} process exited (${code}) before it was ready: ${said.trim().slice(-500)}`)))
  })
  return {
    ready: match,
    stop: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    },
  }
}
