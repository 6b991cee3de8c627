import type { ApiPorts, Quarantine, Queries, Replays } from '../src/ports.ts'
import { InMemoryEventLog } from './eventLog.ts'

/** A port method by its place in ApiPorts: `queries.funnel`, `replays.request`, `status`. */
export type PortName =
  | `queries.${keyof Queries & string}`
  | `replays.${keyof Replays & string}`
  | `quarantine.${keyof Quarantine & string}`
  | 'status'

export interface PortCall {
  port: PortName
  args: unknown[]
}

/** What a test has each port method answer; a method it leaves out throws when a route calls it. */
export interface PortAnswers {
  queries?: Partial<Queries>
  replays?: Partial<Replays>
  quarantine?: Partial<Quarantine>
  status?: ApiPorts['status']
  reportingCurrency?: string
}

export interface FakePorts extends ApiPorts {
  sink: InMemoryEventLog
  registry: InMemoryEventLog
  /** Every call to a query, replay, quarantine or status port, in order, with its arguments. */
  readonly calls: PortCall[]
  /** The arguments of every call to one port method, in order. */
  callsOf(port: PortName): unknown[][]
}

// Records keyed by every method of each port: a method added to a port and missing here fails the type check.
const queryMethods: Record<keyof Queries, true> = {
  revenueByCampaign: true,
  dealJourney: true,
  deals: true,
  customModels: true,
  customModel: true,
  leadDefinitions: true,
  resolveDefinition: true,
  definitionInUse: true,
  activeDefinition: true,
  funnel: true,
  handoffs: true,
  compareDefinitions: true,
  channelRuleSets: true,
  activeChannelRules: true,
  compareChannelRules: true,
  touchPlacements: true,
}
const replayMethods: Record<keyof Replays, true> = { request: true, job: true, replayedVersions: true, replayedChannelRules: true, requestChannelRules: true }
const quarantineMethods: Record<keyof Quarantine, true> = { list: true, retry: true }

type AnyMethod = (...args: unknown[]) => Promise<unknown>

/**
 * Ports for unit tests of the HTTP layer: the sink and the registry are in-memory event logs; every other method
 * records its call and answers what the test gave it, so a test says what the engine answers and checks what the
 * route asked of it. Nothing runs behind them: no event store, no ClickHouse.
 */
export function fakePorts(answers: PortAnswers = {}): FakePorts {
  const calls: PortCall[] = []
  const recording = <T>(group: 'queries' | 'replays' | 'quarantine', methods: Record<keyof T, true>, given: Partial<T> = {}): T => {
    const answerOf = given as Record<string, AnyMethod | undefined>
    const entries = Object.keys(methods).map((name) => {
      const port = `${group}.${name}` as PortName
      const method: AnyMethod = async (...args) => {
        calls.push({ port, args })
        const answer = answerOf[name]
        if (!answer) throw new Error(`the fake port ${port} was called, but the test gave it no answer`)
        return answer(...args)
      }
      return [name, method]
    })
    return Object.fromEntries(entries) as T
  }
  return {
    sink: new InMemoryEventLog(),
    registry: new InMemoryEventLog(),
    reportingCurrency: answers.reportingCurrency ?? 'USD',
    queries: recording('queries', queryMethods, answers.queries),
    replays: recording('replays', replayMethods, answers.replays),
    quarantine: recording('quarantine', quarantineMethods, answers.quarantine),
    async status() {
      calls.push({ port: 'status', args: [] })
      if (!answers.status) throw new Error('the fake port status was called, but the test gave it no answer')
      return answers.status()
    },
    calls,
    callsOf: (port) => calls.filter((call) => call.port === port).map((call) => call.args),
  }
}
