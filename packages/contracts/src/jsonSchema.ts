import { z } from 'zod'
import { producerEventSchema } from './events.ts'

/** What producers may send as JSON Schema (draft 2020-12), for producers that do not run TypeScript. */
export function eventJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(producerEventSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>
}
