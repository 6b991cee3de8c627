import { simulate, estimateEvents } from '@attribution/simulation'
import { validateEvent } from '@attribution/contracts'
const n = Number(process.argv[2] ?? 300)
const counts: Record<string, number> = {}
let invalid = 0, total = 0
const reasons: Record<string, number> = {}
const lost: Record<string, number> = {}
let won = 0, wonNew = 0, wonAmt = 0, wonNewAmt = 0, cost = 0, created = 0, createdNew = 0
const created2 = new Map<string, any>()
for (const e of simulate({ accounts: n })) {
  total++
  counts[e.type] = (counts[e.type] ?? 0) + 1
  const v = validateEvent(JSON.parse(JSON.stringify(e)), { reportingCurrency: 'USD' })
  if (!v.ok) { invalid++; if (invalid < 5) console.log(JSON.stringify(v), JSON.stringify(e)) }
  if (e.type === 'lead.rejected') reasons[e.data.reason] = (reasons[e.data.reason] ?? 0) + 1
  if (e.type === 'deal.lost') lost[e.data.reason ?? ''] = (lost[e.data.reason ?? ''] ?? 0) + 1
  if (e.type === 'campaign.cost.recorded') cost += e.data.amount
  if (e.type === 'deal.created') { created++; if (e.data.isNewBusiness) createdNew++; created2.set(e.data.dealId, e.data) }
  if (e.type === 'deal.won') { const d = created2.get(e.data.dealId); won++; const a = e.data.amount ?? d.amount; wonAmt += a; if (d.isNewBusiness) { wonNew++; wonNewAmt += a } }
}
console.log({ total, estimate: estimateEvents(n), perAccount: total / n, invalid })
console.log(counts)
console.log({ accept: (counts['lead.accepted'] ?? 0) / (counts['lead.handed_off'] ?? 1), reject: (counts['lead.rejected'] ?? 0) / (counts['lead.handed_off'] ?? 1) })
console.log({ winRate: won / (won + (counts['deal.lost'] ?? 0)), created, createdNew, wonNew, wonAmt, wonNewShare: wonNewAmt / wonAmt, cost, costToRevenue: cost / wonAmt })
console.log(reasons, lost)
