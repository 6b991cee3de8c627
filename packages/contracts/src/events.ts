import { z } from 'zod'
import { amount, currencyCode } from './money.ts'

/** Identifiers of people, deals, campaigns...: non-empty, bounded, no surrounding whitespace. */
const id = z
  .string()
  .min(1, 'must not be empty')
  .max(256, 'must be at most 256 characters')
  .refine((value) => value === value.trim(), 'must not start or end with whitespace')
const label = z.string().min(1, 'must not be empty').max(256, 'must be at most 256 characters')
// Business time must fit every store downstream: ClickHouse's DateTime64 spans the years 1900 to 2299.
const timestamp = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 date-time with offset, e.g. 2024-05-01T09:30:00Z' })
  .refine((value) => {
    const year = new Date(value).getUTCFullYear()
    return year >= 1900 && year <= 2299
  }, 'must be between the years 1900 and 2299')
const attributes = z.record(z.string().min(1).max(128), z.union([z.string().max(1024), z.number(), z.boolean()]))

export const touchTypes = [
  'ad_click',
  'ad_impression',
  'page_view',
  'email_open',
  'email_click',
  'form_fill',
  'webinar_registered',
  'webinar_attended',
  'event_attended',
  'content_download',
  'chat',
  'sales_meeting',
  'sales_call',
  'other',
] as const

const touchpointRecorded = z
  .strictObject({
    touchpointId: id.optional(),
    personId: id.optional(),
    anonymousId: id.optional(),
    accountId: id.optional(),
    campaignId: id,
    channel: label,
    touchType: z.enum(touchTypes),
    content: z.string().min(1).max(2048).optional(),
    cost: amount.optional(),
  })
  .refine((data) => data.personId !== undefined || data.anonymousId !== undefined, {
    message: 'one of personId or anonymousId is required',
    path: ['personId'],
  })

/** Every event type with the schema of its `data`. Adding a type here is the whole change to the contract. */
export const dataSchemas = {
  'touchpoint.recorded': touchpointRecorded,
  'identity.linked': z.strictObject({ anonymousId: id, personId: id }),
  'person.updated': z.strictObject({ personId: id, accountId: id.optional(), attributes: attributes.optional() }),
  'account.updated': z.strictObject({ accountId: id, attributes: attributes.optional() }),
  'campaign.updated': z.strictObject({
    campaignId: id,
    name: label.optional(),
    channel: label.optional(),
    attributes: attributes.optional(),
  }),
  'campaign.cost.recorded': z
    .strictObject({ campaignId: id, amount, currency: currencyCode, periodStart: timestamp, periodEnd: timestamp })
    .refine((data) => Date.parse(data.periodStart) < Date.parse(data.periodEnd), {
      message: 'must be after periodStart',
      path: ['periodEnd'],
    }),
  'lead.handed_off': z.strictObject({ personId: id, ownerId: id, reason: label.optional() }),
  'lead.accepted': z.strictObject({ personId: id, ownerId: id }),
  'lead.rejected': z.strictObject({ personId: id, ownerId: id, reason: label }),
  'sales.activity.logged': z.strictObject({ personId: id, ownerId: id, activityType: label }),
  'deal.created': z.strictObject({
    dealId: id,
    accountId: id,
    amount,
    currency: currencyCode,
    contactIds: z.array(id).max(1000).optional(),
    isNewBusiness: z.boolean().optional(),
  }),
  'deal.updated': z.strictObject({
    dealId: id,
    amount: amount.optional(),
    stage: label.optional(),
    contactIds: z.array(id).max(1000).optional(),
  }),
  'deal.won': z.strictObject({ dealId: id, amount: amount.optional() }),
  'deal.lost': z.strictObject({ dealId: id, reason: label.optional() }),
  // A version of the shared lead definition (what makes an MQL), as revenue operations wrote it. The document itself
  // is checked by the lead-definition API before it is published; here it is text in its own format.
  'lead_definition.published': z.strictObject({
    definitionId: id,
    version: z.number().int().min(1),
    name: label,
    format: z.enum(['yaml', 'json']),
    document: z.string().min(1).max(1_000_000),
  }),
  // The version every funnel, handoff and attribution query uses from now on, until the next activation.
  'lead_definition.activated': z.strictObject({ definitionId: id, version: z.number().int().min(1) }),
  // A custom position-based attribution model saved under a name, so that everyone asks for the same weights. Saving
  // the name again replaces them. The weights are percentages of the deal per position, summing to 100.
  'attribution_model.saved': z.strictObject({
    name: id,
    weights: z
      .partialRecord(z.enum(['FT', 'LC', 'MQL', 'OC', 'CW', 'middle']), z.number().min(0).max(100))
      // Thirds written as 100 / 3 still count as 100.
      .refine((weights) => Math.abs(Object.values(weights).reduce((sum, weight) => sum + weight, 0) - 100) < 1e-9, 'must sum to 100'),
  }),
} as const

export type EventType = keyof typeof dataSchemas
export const eventTypes = Object.keys(dataSchemas) as EventType[]

/** The envelope every event shares; `data` is checked against the schema of its `type`. */
export const envelopeSchema = z.strictObject({
  eventId: z.string().min(1, 'must not be empty').max(128, 'must be at most 128 characters'),
  type: z.enum(eventTypes as [EventType, ...EventType[]], {
    error: `must be one of ${eventTypes.join(', ')}`,
  }),
  occurredAt: timestamp,
  source: z.string().min(1).max(256).optional(),
  data: z.record(z.string(), z.unknown()),
})

type DataOf<T extends EventType> = z.output<(typeof dataSchemas)[T]>
type EnvelopeFields = Omit<z.output<typeof envelopeSchema>, 'type' | 'data'>

/** A validated event: the envelope with `data` narrowed by `type`. */
export type Event = { [T in EventType]: EnvelopeFields & { type: T; data: DataOf<T> } }[EventType]
export type EventOf<T extends EventType> = Extract<Event, { type: T }>

/** The contract as one zod schema (used for the JSON Schema export). */
export const eventSchema = z.discriminatedUnion(
  'type',
  eventTypes.map((type) => envelopeSchema.extend({ type: z.literal(type), data: dataSchemas[type] })) as unknown as [
    z.ZodObject,
    ...z.ZodObject[],
  ],
)
