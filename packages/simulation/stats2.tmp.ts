import { simulate } from '@attribution/simulation'
const n = Number(process.argv[2] ?? 300)
const link = new Map<string, string>()
const events = [...simulate({ accounts: n })]
for (const e of events) if (e.type === 'identity.linked') link.set(e.data.anonymousId, e.data.personId)
const perPerson = new Map<string, number[]>()
let anonTouches = 0, touches = 0
for (const e of events) if (e.type === 'touchpoint.recorded') {
  touches++
  const p = e.data.personId ?? link.get(e.data.anonymousId ?? '')
  if (!e.data.personId) anonTouches++
  if (p) { const l = perPerson.get(p) ?? []; l.push(Date.parse(e.occurredAt)); perPerson.set(p, l) }
}
const hist: Record<number, number> = {}
const spans: number[] = []
for (const [, l] of perPerson) { hist[l.length] = (hist[l.length] ?? 0) + 1; spans.push((Math.max(...l) - Math.min(...l)) / 864e5) }
spans.sort((a, b) => a - b)
console.log({ persons: perPerson.size, touches, anonShare: anonTouches / touches, hist, spanMedian: spans[spans.length >> 1], spanP90: spans[Math.floor(spans.length * 0.9)] })
const amounts = events.filter(e => e.type === 'deal.created').map(e => (e.data as any).amount).sort((a, b) => a - b)
console.log({ deals: amounts.length, min: amounts[0], median: amounts[amounts.length >> 1], max: amounts.at(-1) })
const open = new Set(events.filter(e => e.type === 'deal.created').map(e => (e.data as any).dealId))
for (const e of events) if (e.type === 'deal.won' || e.type === 'deal.lost') open.delete(e.data.dealId)
console.log({ open: open.size })
console.log(events.slice(300, 306).map(e=>JSON.stringify(e)).join('\n'))
console.log(events.filter(e => e.eventId.startsWith('sim-42-a5-')).map(e=>JSON.stringify(e)).join('\n'))
