import type { TestProject } from 'vitest/node'
import { startServers } from './servers.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string
    databaseUrl: string
  }
}

/** Starts the servers of the integration suites once per run and stops them afterwards. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const servers = await startServers((message) => console.info(`[servers] ${message}`))
  project.provide('kafkaBrokers', servers.kafkaBrokers)
  project.provide('databaseUrl', servers.databaseUrl)
  return () => servers.stop()
}
