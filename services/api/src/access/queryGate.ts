import type { FastifyInstance, FastifyRequest } from 'fastify'
import { RequestError } from '../errors.ts'

export interface QueryGateOptions {
  /** Expensive queries running at once in this process. */
  concurrent: number
  /** Of those, how many one client (key, or address without one) may hold, so that one client cannot take them all. */
  perClient: number
  /** Queries waiting for a place; beyond this, 503 with Retry-After. */
  queued: number
}

interface Waiter {
  client: string
  enter: () => void
}

/**
 * A cap on concurrent expensive queries (routes with `config.expensive`): each waits its turn, fairly between
 * clients, and is refused with 503 and Retry-After once too many wait. ClickHouse answers each query with every core
 * it has, so running more at once only makes each slower.
 */
export class QueryGate {
  private readonly running = new Map<string, number>()
  private runningTotal = 0
  private readonly waiting: Waiter[] = []

  constructor(private readonly options: QueryGateOptions) {}

  get inUse(): number {
    return this.runningTotal
  }

  get queuedNow(): number {
    return this.waiting.length
  }

  /** Resolves with the function that gives the place back, once the client has one. */
  async enter(client: string): Promise<() => void> {
    // Whoever waits can only be waiting for its own client's share (a free place is given out as soon as it frees), so
    // a client with nothing queued may take a free place at once.
    if (this.mayRun(client) && !this.waiting.some((waiter) => waiter.client === client)) return this.take(client)
    if (this.waiting.length >= this.options.queued) {
      throw new RequestError(503, `too many expensive queries are waiting (${this.waiting.length}); try again shortly`)
    }
    return new Promise((resolve) => {
      this.waiting.push({ client, enter: () => resolve(this.take(client)) })
    })
  }

  private mayRun(client: string): boolean {
    return this.runningTotal < this.options.concurrent && (this.running.get(client) ?? 0) < this.options.perClient
  }

  private take(client: string): () => void {
    this.runningTotal += 1
    this.running.set(client, (this.running.get(client) ?? 0) + 1)
    let given = false
    return () => {
      if (given) return
      given = true
      this.runningTotal -= 1
      const left = (this.running.get(client) ?? 1) - 1
      if (left === 0) this.running.delete(client)
      else this.running.set(client, left)
      this.admitNext()
    }
  }

  /** The first waiter whose client is under its share, so a client with many queued does not block the others. */
  private admitNext(): void {
    const index = this.waiting.findIndex((waiter) => this.mayRun(waiter.client))
    if (index === -1) return
    const [next] = this.waiting.splice(index, 1)
    next?.enter()
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    leaveQueryGate: (() => void) | undefined
  }
}

/** Expensive routes enter the gate before their handler and leave it when the answer is sent or the client went. */
export function gateExpensiveQueries(app: FastifyInstance, gate: QueryGate): void {
  app.decorateRequest('leaveQueryGate', undefined)
  app.addHook('preHandler', async (request, reply) => {
    if (!request.routeOptions.config.expensive) return
    try {
      request.leaveQueryGate = await gate.enter(clientOf(request))
    } catch (error) {
      reply.header('retry-after', '1')
      throw error
    }
  })
  const leave = async (request: FastifyRequest) => request.leaveQueryGate?.()
  app.addHook('onResponse', leave)
  app.addHook('onRequestAbort', leave)
}

const clientOf = (request: FastifyRequest): string => (request.apiKey ? `key:${request.apiKey.name}` : `address:${request.ip}`)
