/**
 * How fast lead definition patterns match, the work a replay repeats for every touch of every person:
 * `tsx scripts/bench-patterns.ts [matches per round, default 1,000,000] [rounds, default 10]`.
 *
 * The patterns are those of the example definitions plus the three shapes that matter most (`/pricing*`, `*demo*`,
 * `webinar`); the texts are the contents, channels and campaign ids of simulated touches, plus the titles the example
 * fit rules match. Each pattern is matched round-robin against every text of its field. A round of each pattern runs
 * `matches per round` matches; the best round is reported, in processor time, since a shared machine only ever
 * makes a round slower (and takes the processor away now and then).
 */
import { readFileSync } from 'node:fs'
import { matchesPattern, parseLeadDefinition, type LeadDefinition } from '@attribution/domain'
import { simulate } from '@attribution/simulation'

const matchesPerRound = Number(process.argv[2] ?? 1_000_000)
const rounds = Number(process.argv[3] ?? 10)

type Field = 'content' | 'channel' | 'campaignId' | 'title'

function examplePatterns(file: string): [Field, string][] {
  const parsed = parseLeadDefinition(readFileSync(new URL(`../packages/domain/lead-definitions/${file}`, import.meta.url), 'utf8'), 'yaml')
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.errors)}`)
  const definition: LeadDefinition = parsed.definition
  const listed = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat())
  return [
    ...definition.behaviour.flatMap((rule) =>
      (['content', 'channel', 'campaignId'] as const).flatMap((field) => listed(rule.match[field]).map((pattern): [Field, string] => [field, pattern])),
    ),
    ...definition.fit.flatMap((rule) => ('matches' in rule ? listed(rule.matches).map((pattern): [Field, string] => ['title', pattern]) : [])),
  ]
}

const texts: Record<Field, string[]> = { content: [], channel: [], campaignId: [], title: [] }
for (const event of simulate({ accounts: 50 })) {
  if (event.type === 'touchpoint.recorded') {
    if (event.data.content !== undefined) texts.content.push(event.data.content)
    // Simulated touches state both (packages/simulation).
    texts.channel.push(event.data.channel ?? '')
    texts.campaignId.push(event.data.campaignId ?? '')
  }
  if (event.type === 'person.updated' && typeof event.data.attributes?.title === 'string') texts.title.push(event.data.attributes.title)
}

const everyPattern: [Field, string][] = [
  ['content', '/pricing*'],
  ['content', '*demo*'],
  ['channel', 'webinar'],
  ...examplePatterns('intent-and-fit.yaml'),
  ...examplePatterns('activity-based.yaml'),
]
const patterns = [...new Map(everyPattern.map((entry) => [entry.join(' '), entry])).values()]

let matched = 0
console.log(`${matchesPerRound.toLocaleString('en')} matches per pattern, best of ${rounds} rounds, processor time`)
console.log(`texts: ${Object.entries(texts).map(([field, list]) => `${list.length} ${field}`).join(', ')}`)
let total = 0
for (const [field, pattern] of patterns) {
  const candidates = texts[field]
  let best = Infinity
  for (let round = 0; round < rounds; round++) {
    const started = process.cpuUsage()
    for (let index = 0; index < matchesPerRound; index++) {
      if (matchesPattern(pattern, candidates[index % candidates.length] as string)) matched++
    }
    const { user, system } = process.cpuUsage(started)
    best = Math.min(best, (user + system) / 1000)
  }
  total += best
  console.log(`${pattern.padEnd(16)} against ${field.padEnd(10)} ${best.toFixed(0).padStart(6)} ms  ${((best * 1e6) / matchesPerRound).toFixed(1).padStart(6)} ns/match`)
}
console.log(`all ${patterns.length} patterns: ${total.toFixed(0)} ms (${matched.toLocaleString('en')} matches held)`)
