import { z } from 'zod'
import { eventSchema } from './events.ts'

/** The contract as JSON Schema (draft 2020-12), for producers that do not run TypeScript. */
export function eventJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(eventSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>
}
