import type { z } from 'zod'
import { dataSchemas, envelopeSchema, type Event, type EventType } from './events.ts'

export interface FieldError {
  /** Where the problem is, as a JSON path into the event: `data.amount`, `data.contactIds[2]`, or `` for the whole. */
  path: string
  message: string
}

export type Validation = { ok: true; event: Event } | { ok: false; eventId?: string; errors: FieldError[] }

export interface ValidationPolicy {
  /** The one currency amounts are reported in; events in another currency are refused rather than summed. */
  reportingCurrency: string
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`
    return text === '' ? String(key) : `${text}.${String(key)}`
  }, '')
}

function toFieldErrors(error: z.ZodError, prefix: PropertyKey[] = []): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path]
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: formatPath([...path, key]), message: 'is not a known field' }))
    }
    // `input` is reported (reportInput), so a missing field can be told from one of the wrong type.
    const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message
    return [{ path: formatPath(path), message }]
  })
}

/**
 * Checks one raw input against the contract: the envelope first, then `data` against the schema of its `type`, then
 * the deployment's policy (reporting currency). Every problem is reported with its path, not just the first.
 */
export function validateEvent(input: unknown, policy: ValidationPolicy): Validation {
  const eventId = eventIdOf(input)
  const nul = pathOfNulCharacter(input)
  if (nul !== undefined) {
    return { ok: false, eventId, errors: [{ path: formatPath(nul), message: 'must not contain the NUL character' }] }
  }
  const envelope = envelopeSchema.safeParse(input, { reportInput: true })
  if (!envelope.success) return { ok: false, eventId, errors: toFieldErrors(envelope.error) }

  const type: EventType = envelope.data.type
  const data = dataSchemas[type].safeParse(envelope.data.data, { reportInput: true })
  if (!data.success) return { ok: false, eventId, errors: toFieldErrors(data.error, ['data']) }

  const currency = (data.data as { currency?: string }).currency
  if (currency !== undefined && currency !== policy.reportingCurrency) {
    const message = `must be the reporting currency ${policy.reportingCurrency}; convert amounts before sending`
    return { ok: false, eventId, errors: [{ path: 'data.currency', message }] }
  }
  return { ok: true, event: { ...envelope.data, data: data.data } as Event }
}

function eventIdOf(input: unknown): string | undefined {
  const candidate = (input as { eventId?: unknown } | null)?.eventId
  return typeof candidate === 'string' && candidate.length > 0 ? candidate : undefined
}

/** PostgreSQL cannot store U+0000 in text or jsonb; find it before it fails a whole batch. */
function pathOfNulCharacter(value: unknown, path: PropertyKey[] = []): PropertyKey[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = pathOfNulCharacter(item, [...path, index])
      if (found) return found
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = key.includes('\u0000') ? [...path, key] : pathOfNulCharacter(item, [...path, key])
      if (found) return found
    }
  }
  return undefined
}
