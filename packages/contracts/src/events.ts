import { z } from 'zod'
import { earliestTime, latestTime, maxDocumentLength, maxEventIdLength, maxFieldsPerObject, maxIdLength, maxListLength, maxVersion } from './bounds.ts'
import { isBusinessTime, outsideBusinessTime } from './businessTime.ts'
import { exchangeRate } from './exchangeRate.ts'
import { amount, currencyCode } from './money.ts'
import { maxUrlLength, parseTouchUrl, touchUrlExample } from './touchUrl.ts'

/** Identifiers of people, deals, campaigns...: non-empty, bounded, no surrounding whitespace. */
const id = z
  .string()
  .min(1, 'must not be empty')
  .max(maxIdLength, `must be at most ${maxIdLength} characters`)
  .refine((value) => value === value.trim(), 'must not start or end with whitespace')
const label = z.string().min(1, 'must not be empty').max(256, 'must be at most 256 characters')
const timestamp = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 date-time with offset, e.g. 2024-05-01T09:30:00Z' })
  .refine((value) => isBusinessTime(Date.parse(value)), outsideBusinessTime)
  .describe(`ISO-8601 date-time with offset, from ${earliestTime} to ${latestTime}`)
const attributes = z
  .record(z.string().min(1).max(128), z.union([z.string().max(1024), z.number(), z.boolean()]))
  // Checked by validateEvent's first pass over the input, like every object's field count; stated here for producers.
  .meta({ maxProperties: maxFieldsPerObject })
const contactIds = z.array(id).max(maxListLength, `must list at most ${maxListLength} contacts`)
/**
 * The contacts of a deal with the role each plays in it, as a CRM's opportunity contact roles say (Economic Buyer,
 * Decision Maker, Influencer...: the CRM's own words), and at most one of them primary. Their persons count as contacts
 * of the deal too, beside contactIds.
 */
const contactRoles = z
  .array(z.strictObject({ personId: id, role: label, isPrimary: z.boolean().optional() }))
  .max(maxListLength, `must list at most ${maxListLength} contact roles`)
  .superRefine((roles, ctx) => {
    const primaries = roles.flatMap((role, index) => (role.isPrimary ? [index] : []))
    for (const index of primaries.slice(1)) {
      ctx.addIssue({ code: 'custom', message: `only one contact may be primary; contactRoles[${primaries[0]}] already is`, path: [index, 'isPrimary'] })
    }
  })
const version = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(maxVersion, `must be at most ${maxVersion}`)

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

/** A URL the platform's parser reads (see touchUrl.ts). */
const touchUrl = z
  .string()
  .min(1, 'must not be empty; leave the field out when there is none')
  .max(maxUrlLength, `must be at most ${maxUrlLength} characters`)
  // Once per problem: an empty or overlong text has had its say above.
  .refine((value) => value.length === 0 || value.length > maxUrlLength || parseTouchUrl(value) !== undefined, `must be a URL, e.g. ${touchUrlExample}`)
const utmValue = z.string().min(1, 'must not be empty; leave the field out when there is none').max(1024, 'must be at most 1024 characters')
/** UTM parameters stated by the producer; each wins over the `utm_*` parameter of the same name in `url`. */
const utm = z.strictObject({
  source: utmValue.optional(),
  medium: utmValue.optional(),
  campaign: utmValue.optional(),
  term: utmValue.optional(),
  content: utmValue.optional(),
})

const touchpointRecorded = z
  .strictObject({
    touchpointId: id.optional(),
    personId: id.optional(),
    anonymousId: id.optional(),
    accountId: id.optional(),
    // Stated by the producer, kept as stated; when left out, the active channel rules derive them from the raw fields.
    // Required when the touch has no url, referrer or utm (checked below).
    campaignId: id.optional().describe('required unless the touch has a url, referrer or utm to derive it from'),
    channel: label.optional().describe('required unless the touch has a url, referrer or utm to derive it from'),
    touchType: z.enum(touchTypes),
    content: z.string().min(1).max(2048).optional(),
    cost: amount.optional(),
    url: touchUrl.optional(),
    referrer: touchUrl.optional(),
    utm: utm.optional(),
  })
  .refine((data) => data.personId !== undefined || data.anonymousId !== undefined, {
    message: 'one of personId or anonymousId is required',
    path: ['personId'],
  })
  // A touch with nothing raw to classify must say where it belongs, as touches always had to (and is told so in the
  // words it always was: producers and dashboards read the reason).
  .refine((data) => data.campaignId !== undefined || hasRawFields(data), { message: 'is required', path: ['campaignId'] })
  .refine((data) => data.channel !== undefined || hasRawFields(data), { message: 'is required', path: ['channel'] })

function hasRawFields(data: { url?: string; referrer?: string; utm?: object }): boolean {
  return data.url !== undefined || data.referrer !== undefined || data.utm !== undefined
}

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
  // Spend recorded again under the same costId (a corrected report) replaces the earlier amount, as a touch recorded
  // again under its touchpointId does; without one, every cost event adds up.
  'campaign.cost.recorded': z
    .strictObject({ campaignId: id, amount, currency: currencyCode, periodStart: timestamp, periodEnd: timestamp, costId: id.optional() })
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
    contactIds: contactIds.optional(),
    contactRoles: contactRoles.optional(),
    isNewBusiness: z.boolean().optional(),
  }),
  'deal.updated': z.strictObject({
    dealId: id,
    amount: amount.optional(),
    stage: label.optional(),
    contactIds: contactIds.optional(),
    contactRoles: contactRoles.optional(),
  }),
  'deal.won': z.strictObject({ dealId: id, amount: amount.optional() }),
  'deal.lost': z.strictObject({ dealId: id, reason: label.optional() }),
  // From its occurredAt until the next rate of the same currency, one unit of `currency` is worth `rate` units of the
  // reporting currency (docs/currencies.md).
  'exchange_rate.recorded': z.strictObject({ currency: currencyCode, rate: exchangeRate }),
  // A version of the shared lead definition (what makes an MQL), as revenue operations wrote it. The document itself
  // is checked by the lead-definition API before it is published; here it is text in its own format.
  'lead_definition.published': z.strictObject({
    definitionId: id,
    version,
    name: label,
    format: z.enum(['yaml', 'json']),
    document: z.string().min(1).max(maxDocumentLength, `must be at most ${maxDocumentLength} characters`),
  }),
  // The version every funnel, handoff and attribution query uses from now on, until the next activation.
  'lead_definition.activated': z.strictObject({ definitionId: id, version }),
  // A version of a set of channel rules (docs/channel-rules.md): how raw touches become channels and campaigns. Checked
  // by the channel-rules API before it is published, like a lead definition.
  'channel_rules.published': z.strictObject({
    rulesId: id,
    version,
    format: z.enum(['yaml', 'json']),
    document: z.string().min(1).max(maxDocumentLength, `must be at most ${maxDocumentLength} characters`),
  }),
  // The version every touch is classified under from now on, and every query reads, until the next activation.
  'channel_rules.activated': z.strictObject({ rulesId: id, version }),
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

/**
 * Events only the engine writes, each through an API that first checks what it records (a definition's document, a
 * model's weights), with that API. A producer sending one (over HTTP, Kafka or an import) is refused and told which
 * API to use: otherwise anyone could activate a definition nobody replayed, or publish one nobody validated.
 */
export const engineEventTypes = {
  'lead_definition.published': 'publish lead definitions with POST /v1/lead-definitions',
  'lead_definition.activated': 'activate a replayed lead definition with POST /v1/lead-definitions/{definitionId}/activate',
  'attribution_model.saved': 'save custom models with PUT /v1/attribution/models/{name}',
  'channel_rules.published': 'publish channel rules with POST /v1/channel-rules',
  'channel_rules.activated': 'activate replayed channel rules with POST /v1/channel-rules/{rulesId}/activate',
} as const satisfies Partial<Record<EventType, string>>

export type EngineEventType = keyof typeof engineEventTypes
export type ProducerEventType = Exclude<EventType, EngineEventType>

export function isEngineEventType(type: unknown): type is EngineEventType {
  return typeof type === 'string' && Object.hasOwn(engineEventTypes, type)
}

/** What producers may send: every type but the engine's own. */
export const producerEventTypes = eventTypes.filter((type): type is ProducerEventType => !isEngineEventType(type))

/** The envelope every event shares; `data` is checked against the schema of its `type`. */
export const envelopeSchema = z.strictObject({
  eventId: z.string().min(1, 'must not be empty').max(maxEventIdLength, `must be at most ${maxEventIdLength} characters`),
  type: z.enum(eventTypes as [EventType, ...EventType[]], {
    // The engine never sends an unknown type: the list is the one producers choose from.
    error: `must be one of ${producerEventTypes.join(', ')}`,
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

/** What producers may send as one zod schema (used for the JSON Schema export). */
export const producerEventSchema = z.discriminatedUnion(
  'type',
  producerEventTypes.map((type) => envelopeSchema.extend({ type: z.literal(type), data: dataSchemas[type] })) as unknown as [
    z.ZodObject,
    ...z.ZodObject[],
  ],
)
