import { migrate, openClickHouse } from '@attribution/analytics'
import { precomputedTallies } from '../../../packages/analytics/src/precomputedTallies.ts'
const clickhouse = await openClickHouse({ path: '/tmp/scratch-chdb', database: 'scratch' })
await migrate(clickhouse)
const models = ['first_touch','last_touch','linear','u_shaped','w_shaped','full_path','time_decay','markov:channel@1','markov:campaign@1','shapley:channel@1','shapley:campaign@1','custom:x@1']
let captured: any
const original = clickhouse.client.query.bind(clickhouse.client)
;(clickhouse.client as any).query = (args: any) => { captured = args; return original(args) }
await precomputedTallies(clickhouse, models, { from: '2024-06-10T09:30:00.000Z', to: '2025-06-10T17:45:00.000Z' }, ['campaign', 'channel'])
;(clickhouse.client as any).query = original
const time = async (label: string, query: string, settings = {}) => {
  const times = []
  for (let i = 0; i < 5; i++) { const t = performance.now(); await clickhouse.client.query({ query, query_params: captured.query_params, format: 'JSONEachRow', clickhouse_settings: settings }).then((r) => r.json()); times.push(Math.round(performance.now() - t)) }
  console.log(label, times.join(' '))
}
await time('tallies on empty tables', captured.query)
await time('EXPLAIN', 'EXPLAIN ' + captured.query.replace('SETTINGS group_by_use_nulls = 1', ''))
await clickhouse.close()
