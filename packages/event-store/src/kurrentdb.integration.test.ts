import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { eventStoreContract } from '../testing/eventStore.contract.ts'
import { openEventStore } from './openEventStore.ts'

/**
 * The contract against a real KurrentDB (EventStoreDB) server, e.g.
 *   KURRENTDB_URL='kurrentdb://127.0.0.1:2113?tls=false' pnpm vitest run --project integration packages/event-store
 * Each store gets a stream prefix of its own, so runs share the server without seeing each other's events.
 */
const url = process.env.KURRENTDB_URL
const run = `it${Date.now().toString(36)}`
let stores = 0

if (url) {
  eventStoreContract('KurrentDB', () => openEventStore(url, { streamPrefix: `${run}_${++stores}-` }), {
    idempotencyScope: 'stream',
  })
} else {
  console.info('The KurrentDB contract suite runs only with KURRENTDB_URL set (see packages/event-store/README.md).')
}

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

describe('KurrentDB through openEventStore, with the real client', () => {
  it('Given a kurrentdb:// URL where no server listens, When opened, Then it fails at once saying KurrentDB is unavailable', async () => {
    const url = `kurrentdb://127.0.0.1:${await closedPort()}?tls=false`
    const started = Date.now()

    await expect(openEventStore(url)).rejects.toThrow(/cannot use KurrentDB as the event store: .*UNAVAILABLE/)
    expect(Date.now() - started).toBeLessThan(10_000)
  })
})
