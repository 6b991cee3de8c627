import type { Event } from '@attribution/contracts'

/** What the test process and the engine process (engineChild.ts) say to each other over IPC. */

export interface InjectRequest {
  method: 'GET' | 'POST' | 'PUT'
  /** Path and query string exactly as sent, percent-encoding included. */
  url: string
  headers?: Record<string, string>
  /** Sent byte for byte: a Buffer carries invalid UTF-8 as it is. */
  payload?: string | Uint8Array
}

export type ToEngine =
  | { id: number; kind: 'inject'; request: InjectRequest }
  | { id: number; kind: 'storedEvents' }
  | { id: number; kind: 'stop' }

export interface InjectReply {
  status: number
  /** The answer as text; answers are JSON. */
  text: string
  /** What the engine logged at level error (stack included) while it answered: where a 5xx comes from. */
  serverLog: string[]
}

export type FromEngine =
  | { kind: 'ready' }
  | { kind: 'failed'; error: string }
  /** The projector's subscription ended with an error: nothing stored from now on reaches the read model. */
  | { kind: 'projectorStopped'; error: string }
  | { id: number; kind: 'injected'; reply: InjectReply }
  | { id: number; kind: 'storedEvents'; events: Event[] }
  | { id: number; kind: 'stopped' }
  | { id: number; kind: 'error'; error: string }
