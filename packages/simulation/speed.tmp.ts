import { simulate } from '@attribution/simulation'
for (const accounts of [2000, 2000, 20000]) {
  const t = performance.now()
  let n = 0
  for (const _ of simulate({ accounts })) n++
  const s = (performance.now() - t) / 1000
  console.log(accounts, n, (n / accounts).toFixed(1), 'events/account', Math.round(n / s), 'events/s', s.toFixed(2), 's', Math.round(process.memoryUsage().heapUsed / 1e6), 'MB heap')
}
