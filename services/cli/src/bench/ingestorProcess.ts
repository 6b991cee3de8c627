import { spawn, type ChildProcess } from 'node:child_process'
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

/**
 * `attribution ingest` in a process of its own, as a server deployment runs it: resolves once it consumes (it says so
 * on stderr), rejects if it exits first. `stop` ends it as an operator would, with SIGTERM, and waits for it.
 */
export async function startIngestorProcess(options: IngestorProcessOptions): Promise<{ stop(): Promise<void> }> {
  const child = spawn(process.execPath, [cli, 'ingest', '--concurrency', String(options.concurrency)], {
    env: {
      ...process.env,
      KAFKA_BROKERS: options.brokers,
      KAFKA_TOPIC_PREFIX: options.topicPrefix,
      INGESTOR_GROUP_ID: options.groupId,
      EVENT_STORE_URL: options.eventStoreUrl,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  await consuming(child)
  return {
    stop: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    },
  }
}

function consuming(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let said = ''
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (chunk: string) => {
      said += chunk
      if (said.includes('ingest: consuming')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`the ingestor process exited (${code}) before consuming: ${said.trim().slice(-500)}`)))
  })
}
