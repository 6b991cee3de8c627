import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventStoreContract } from '../testing/eventStore.contract.ts'
import { openEventStore } from './openEventStore.ts'
import { PgliteExecutor } from './pgliteExecutor.ts'
import { SqlEventStore } from './sqlEventStore.ts'
import type { SqlExecutor } from './sqlExecutor.ts'
import { touches } from '../testing/testEvents.ts'

// Starting PGlite takes seconds, so the contract runs on one in-memory instance with a fresh schema per test; the
// stores borrow it and their close() leaves it open.
let shared: PgliteExecutor
beforeAll(async () => {
  shared = await PgliteExecutor.open()
})
afterAll(() => shared.close())

const borrowed: SqlExecutor = {
  query: (text, params) => shared.query(text, params),
  exec: (script) => shared.exec(script),
  transaction: (fn) => shared.transaction(fn),
  close: async () => undefined,
}
let schemas = 0
eventStoreContract('PGlite', () => SqlEventStore.open(borrowed, { schema: `contract_${++schemas}` }))

describe('PGlite through openEventStore', () => {
  const dirs: string[] = []
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
  })

  it('Given events appended to a data directory, When the store is reopened, Then they are still there', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'event-store-'))
    dirs.push(dir)
    const url = `pglite://${path.join(dir, 'events')}`

    const first = await openEventStore(url)
    await first.append(touches('kept', 'p1', 3))
    await first.close()
    const reopened = await openEventStore(url)
    const stored = await reopened.readStream('person-p1')
    await reopened.append(touches('later', 'p1', 1))
    const versions = (await reopened.readStream('person-p1')).map((s) => s.streamVersion)
    await reopened.close()

    expect(stored.map((s) => s.event.eventId)).toEqual(['kept-0', 'kept-1', 'kept-2'])
    expect(versions).toEqual([0, 1, 2, 3])
  })

  it('Given "memory:", When opened twice, Then the two stores share nothing', async () => {
    const one = await openEventStore('memory:')
    const two = await openEventStore('memory:')
    await one.append(touches('only-in-one', 'p1', 2))

    expect((await one.head()).events).toBe(2)
    expect((await two.head()).events).toBe(0)
    await Promise.all([one.close(), two.close()])
  })
})
