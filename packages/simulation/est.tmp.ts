import { simulate, estimateEvents } from '@attribution/simulation'
for (const accounts of [0, 1, 10, 50, 100, 300, 1000, 5000, 20000]) {
  let n = 0, c = 0
  for (const e of simulate({ accounts })) { n++; if (e.type.startsWith('campaign')) c++ }
  console.log(accounts, n, estimateEvents(accounts), ((estimateEvents(accounts) - n) / n * 100).toFixed(1) + '%', 'campaign events', c, 'per account', ((n - c) / accounts).toFixed(2))
}
