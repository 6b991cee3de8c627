import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { openEventStore } from './src/index.ts'
import { touch } from './src/testEvents.ts'
const dir = mkdtempSync(path.join(tmpdir(), 'bench-'))
for (const [name, url, schema] of [['pglite disk', `pglite://${dir}/es`, 'attribution'], ['postgres', 'postgres://postgres@127.0.0.1:5432/test', 'bench_tmp_schema']] as const) {
  const store = await openEventStore(url, { schema })
  const events = Array.from({ length: 10_000 }, (_, i) => touch(`b-${i}`, `p${i % 1000}`))
  let t = performance.now()
  await store.append(events)
  const one = performance.now() - t
  t = performance.now()
  for (let b = 0; b < 100; b++) await store.append(Array.from({ length: 1000 }, (_, i) => touch(`c-${b}-${i}`, `p${i % 500}`)))
  const many = performance.now() - t
  t = performance.now()
  let n = 0, pos = null as any
  for (;;) { const page = await store.readAll(pos, 1000); if (!page.length) break; n += page.length; pos = page.at(-1)!.position }
  const read = performance.now() - t
  console.log(`${name}: 10k in one batch ${one.toFixed(0)} ms; 100k in 100 batches of 1k ${many.toFixed(0)} ms; readAll ${n} in pages of 1k ${read.toFixed(0)} ms`)
  await store.close()
}
const c = new pg.Client('postgres://postgres@127.0.0.1:5432/test'); await c.connect(); await c.query('drop schema bench_tmp_schema cascade'); await c.end()
rmSync(dir, { recursive: true })
