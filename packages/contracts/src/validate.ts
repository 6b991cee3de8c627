import type { z } from 'zod'
import { maxEventIdLength } from './bounds.ts'
import { dataSchemas, engineEventTypes, envelopeSchema, isEngineEventType, type Event, type EventType } from './events.ts'
import { currencyProblems } from './currencyPolicy.ts'
import { boundErrors, formatPath, type FieldError } from './fieldErrors.ts'
import { scanInput } from './scanInput.ts'
import { textProblem } from './text.ts'

export type Validation = { ok: true; event: Event } | { ok: false; eventId?: string; errors: FieldError[] }

export interface ValidationPolicy {
  /**
   * The one currency amounts are reported in. Events in another ISO 4217 currency are converted at the rates recorded
   * for it (docs/currencies.md); a rate for the reporting currency itself is refused, since it is always 1.
   */
  reportingCurrency: string
  /**
   * Who sends the event. Producers (the default: HTTP ingest, Kafka, import) may not send the engine's own events;
   * `engine` is for the APIs that write them, after checking what they record.
   */
  origin?: 'producer' | 'engine'
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
 * Checks one raw input against the contract: one pass over the whole input for what no schema should walk (texts the
 * stores cannot hold, shapes far beyond the contract's), then who may send its type, the envelope, `data` against the
 * schema of its `type`, and the deployment's policy (reporting currency, minor units). Every problem is reported with its path, not
 * just the first, up to `maxReportedErrors` and a line counting the rest.
 */
export function validateEvent(input: unknown, policy: ValidationPolicy): Validation {
  const scanned = scanInput(input)
  if (scanned.length > 0) return refusal(input, scanned)

  const type = (input as { type?: unknown } | null)?.type
  if (isEngineEventType(type) && (policy.origin ?? 'producer') === 'producer') {
    return refusal(input, [{ path: 'type', message: `${type} is written by the engine only: ${engineEventTypes[type]}` }])
  }
  const envelope = envelopeSchema.safeParse(input, { reportInput: true })
  if (!envelope.success) return refusal(input, boundErrors(toFieldErrors(envelope.error)))

  const checked: EventType = envelope.data.type
  const data = dataSchemas[checked].safeParse(envelope.data.data, { reportInput: true })
  if (!data.success) return refusal(input, boundErrors(toFieldErrors(data.error, ['data'])))

  const problems = currencyProblems(checked, data.data as { currency?: string; amount?: number }, policy.reportingCurrency)
  if (problems.length > 0) return refusal(input, problems)
  return { ok: true, event: { ...envelope.data, data: data.data } as Event }
}

/** A refused input, named by its event id as sent when that id could be valid: nothing else of it is echoed back. */
function refusal(input: unknown, errors: FieldError[]): Validation {
  const candidate = (input as { eventId?: unknown } | null)?.eventId
  const echoable = typeof candidate === 'string' && candidate.length > 0 && candidate.length <= maxEventIdLength
  return echoable && textProblem(candidate) === undefined ? { ok: false, eventId: candidate, errors } : { ok: false, errors }
}
