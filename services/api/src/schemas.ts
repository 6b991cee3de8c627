import { z } from 'zod'
import { funnelGroupings, journeyMappings, trainingScopes } from '@attribution/read-model'
import { isBusinessTime, maxIdLength, maxVersion, outsideBusinessTime } from '@attribution/contracts'
import { attributionLevels, attributionModels, defaultAttributionOptions, parseCustomWeightsQuery, type CustomWeights } from '@attribution/domain'

export const errorBody = z.object({
  error: z.string(),
  message: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
})

/** A versioned document refused (a lead definition, channel rules): every problem with its path, line and column. */
export const documentErrors = errorBody.extend({
  errors: z.array(z.object({ path: z.string(), message: z.string(), line: z.number().optional(), column: z.number().optional() })),
})

/** A YAML document (application/yaml) or a JSON object, checked by the document's own parser rather than here. */
export const documentBody = (what: string) =>
  z
    .custom<string | Record<string, unknown>>((body) => typeof body === 'string' || (typeof body === 'object' && body !== null && !Array.isArray(body)), {
      error: `must be ${what}: YAML text (application/yaml) or a JSON object`,
    })
    .meta({ description: `${what}, YAML text or JSON`, anyOf: [{ type: 'string' }, { type: 'object' }] })

/**
 * A free text parameter (query or path), bounded: a request names things, it does not carry documents. NUL, lone
 * surrogates and escapes that are not UTF-8 are refused in every parameter before any schema runs (requestTarget.ts).
 */
export const boundedText = (max: number) => z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`)

/** A whole number written in digits (not `0x10`, `1e3` or ` 5`), within bounds. */
export const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number written in digits')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))

/** A positive decimal number (`7`, `0.5`), at most `max`. */
export const positiveNumber = (max: number) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'must be a decimal number such as 7 or 0.5')
    .transform(Number)
    .pipe(z.number().gt(0, 'must be greater than 0').max(max, `must be at most ${max}`))

/** A lead definition version, as the contract bounds it. */
export const versionNumber = wholeNumber(1, maxVersion)

/** A date (2024-05-01, midnight UTC) or a date-time with offset, normalised to an ISO instant inside business time. */
export const instant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: 'must be a date (YYYY-MM-DD) or an ISO-8601 date-time with offset, e.g. 2024-05-01T09:30:00Z',
  })
  .transform((value, ctx) => {
    const epochMs = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value)
    if (isBusinessTime(epochMs)) return new Date(epochMs).toISOString()
    ctx.addIssue({ code: 'custom', message: outsideBusinessTime })
    return z.NEVER
  })
  .describe('date (YYYY-MM-DD, midnight UTC) or ISO-8601 date-time with offset, from 1900-01-01 to 2299-12-30 (UTC)')

export const windowQuery = z.object({
  from: instant.optional().describe('start of the window, inclusive; open when absent'),
  to: instant.optional().describe('end of the window, exclusive; open when absent'),
})

/** A definition version as users name it: `intent-and-fit@2`, or `intent-and-fit` for its newest replayed version. */
export const definitionName = z
  .string()
  .regex(/^[^@\s]+(@[1-9]\d*)?$/, 'must be a definition id, optionally with @version, e.g. intent-and-fit@2')
  .superRefine((name, ctx) => {
    const [id = '', version] = name.split('@')
    if (id.length > maxIdLength) ctx.addIssue({ code: 'custom', message: `the id must be at most ${maxIdLength} characters` })
    if (version !== undefined && Number(version) > maxVersion) ctx.addIssue({ code: 'custom', message: `the version must be at most ${maxVersion}` })
  })

/** A version of channel rules as users name it: `our-channels@2`. */
export const channelRulesName = z
  .string()
  .regex(/^[^@\s]+@[1-9]\d*$/, 'must be a rules id with @version, e.g. our-channels@2')
  .transform((name, ctx) => {
    const [rulesId = '', version = ''] = name.split('@')
    if (rulesId.length > maxIdLength) ctx.addIssue({ code: 'custom', message: `the id must be at most ${maxIdLength} characters` })
    if (Number(version) > maxVersion) ctx.addIssue({ code: 'custom', message: `the version must be at most ${maxVersion}` })
    return { rulesId, version: Number(version) }
  })

export const attributionOptions = z.object({
  lookbackDays: wholeNumber(1, 3650).default(defaultAttributionOptions.lookbackDays).describe('how far before deal creation touches count'),
  halfLifeDays: positiveNumber(3650)
    .default(defaultAttributionOptions.halfLifeDays)
    .describe('time_decay: days after which a touch weighs half'),
})

/** Custom weights as a query gives them: six positions and their percentages take far fewer characters. */
export const customWeightsText = boundedText(256)

/** Every model a query can name: the rule-based ones, custom position weights, and the two data-driven ones. */
export const modelChoices = [...attributionModels, 'custom', 'markov', 'shapley'] as const

/** Every model a deal's journey can be credited under: all but custom, whose weights belong to a revenue question. */
export const journeyModels = modelChoices.filter((model) => model !== 'custom') as Exclude<(typeof modelChoices)[number], 'custom'>[]

const modelQuery = windowQuery.extend(attributionOptions.shape).extend({
  level: z.enum(attributionLevels).default('campaign').describe('credit campaigns or channels'),
  mapping: z
    .enum(journeyMappings)
    .default('contacts')
    .describe(
      "whose touches make a deal's journey: its contacts', every person's of its account, or its primary contact's " +
        '(primary_contact: a deal naming no primary contact falls back to all its contacts, counted in dealsWithoutPrimaryContact)',
    ),
  roles: boundedText(1024)
    .transform((text) => text.split(',').map((role) => role.trim()))
    .pipe(z.array(boundedText(256)).max(20, 'must name at most 20 roles'))
    .optional()
    .describe(
      "mapping=contacts only: comma-separated contact roles (as the deals' contactRoles name them, e.g. Economic Buyer,Decision Maker); " +
        "only the contacts holding one of them make a deal's journey",
    ),
  training: z
    .enum(trainingScopes)
    .default('history')
    .describe(
      'markov and shapley only: what they learn from. history: every journey so far, kept trained and credited by the ' +
        'projector (fast). window: the converting and non-converting journeys of [from, to), trained for this request',
    ),
  weights: customWeightsText
    .optional()
    .describe('custom model only: percentages per position summing to 100, e.g. ft:20,lc:20,mql:20,oc:30,middle:10'),
  customModel: boundedText(maxIdLength)
    .optional()
    .describe('custom model only, instead of weights: the name of a saved custom model (PUT /v1/attribution/models/{name})'),
  definition: definitionName
    .optional()
    .describe("lead definition version whose MQLs count (the custom model's MQL milestone, cost per MQL); default: the active one"),
  channelRules: channelRulesName
    .optional()
    .describe(
      'a replayed version of channel rules that is not active, to see the touches under its channels and campaigns ' +
        '(docs/channel-rules.md); rule-based models with the default journey settings only. Default: the active rules',
    ),
})

type ModelQuery = z.output<typeof modelQuery>

/** Checks the window and the custom weights; the weights come out parsed. */
function checkModelQuery<Q extends ModelQuery>(query: Q, ctx: z.RefinementCtx, custom: boolean): Q & { weights?: CustomWeights } {
  if (query.from && query.to && query.from >= query.to) ctx.addIssue({ code: 'custom', message: 'must be after from', path: ['to'] })
  if (query.roles !== undefined && query.mapping !== 'contacts') {
    ctx.addIssue({ code: 'custom', message: `is for mapping=contacts only, not ${query.mapping}`, path: ['roles'] })
  }
  if (query.customModel !== undefined) {
    const message = !custom ? 'is for the custom model only' : query.weights !== undefined ? 'give weights or customModel, not both' : undefined
    if (message) ctx.addIssue({ code: 'custom', message, path: ['customModel'] })
    return { ...query, weights: undefined }
  }
  if (query.weights === undefined) {
    if (custom) {
      const message = 'is required for the custom model, e.g. ft:30,lc:30,oc:30,middle:10, unless customModel names a saved one'
      ctx.addIssue({ code: 'custom', message, path: ['weights'] })
    }
    return { ...query, weights: undefined }
  }
  const parsed = parseCustomWeightsQuery(query.weights)
  if (parsed.ok) return { ...query, weights: parsed.weights }
  for (const error of parsed.errors) ctx.addIssue({ code: 'custom', message: `${error.path} ${error.message}`.trim(), path: ['weights'] })
  return { ...query, weights: undefined }
}

export const attributionQuery = modelQuery
  .extend({ model: z.enum(modelChoices).describe('attribution model') })
  .transform((query, ctx) => checkModelQuery(query, ctx, query.model === 'custom'))

export const compareQuery = modelQuery
  .extend({
    // Room for every model once: no model's name takes more than 15 characters and its comma.
    models: boundedText(modelChoices.length * 16)
      .transform((text) => text.split(',').map((model) => model.trim()))
      .pipe(z.array(z.enum(modelChoices)).min(1).max(10))
      .describe('comma-separated models to put side by side, e.g. first_touch,w_shaped,markov'),
  })
  .transform((query, ctx) => checkModelQuery(query, ctx, query.models.includes('custom')))

export const definitionQuery = windowQuery
  .extend({
    definition: definitionName.optional().describe('lead definition version to read; default: the active one'),
    asOf: instant.optional().describe('the moment described: later transitions have not happened yet; default: now'),
    groupBy: z.enum(funnelGroupings).default('none').describe("split by the channel or campaign of each person's first touch"),
  })
  .refine((query) => !(query.from && query.to && query.from >= query.to), { message: 'must be after from', path: ['to'] })

/** What markov or shapley learnt from, as answers report it. */
export const trainingInfo = z
  .object({
    scope: z.enum(trainingScopes),
    eventsApplied: z
      .number()
      .nullable()
      .describe('history: events the projector had applied when the training in use began; null when trained for this answer'),
    journeys: z.number().describe('journeys (paths) learnt from, converting or not'),
    conversions: z.number().describe('of those, journeys that ended in a deal'),
  })
  .nullable()
  .describe('what markov or shapley learnt from; null for the other models')

export const definitionUsed = z
  .object({ definitionId: z.string(), version: z.number().int(), active: z.boolean() })
  .describe('the lead definition version the numbers are computed under')

const rate = z.number().nullable()
export const funnelNumbers = z.object({
  stages: z.record(z.string(), z.number()).describe('persons entering each stage for the first time in the window'),
  conversions: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      entered: z.number().describe('persons who entered `from` in the window'),
      converted: z.number().describe('of those, persons who reached `to` afterwards, by asOf'),
      rate,
      medianDays: rate,
      p90Days: rate,
    }),
  ),
})

export const handoffNumbers = z.object({
  mqls: z.number().describe('times persons became an MQL in the window'),
  handedOff: z.number(),
  accepted: z.number(),
  rejected: z.number(),
  undecided: z.number(),
  acceptanceRate: rate.describe('accepted / (accepted + rejected)'),
  followedUp: z.number(),
  followUpMedianHours: rate,
  followUpP90Hours: rate,
  neverFollowedUp: z.number(),
  overdue: z.number().describe('never followed up and past the SLA at asOf'),
  withinSla: z.number(),
})

/** Amounts in another currency with no rate in effect yet (docs/currencies.md), as the answers that sum money list them. */
export const unconverted = z
  .array(
    z.object({
      currency: z.string().describe('ISO 4217 code of the amounts'),
      measure: z.enum(['pipeline', 'revenue', 'cost']).describe('what the amounts would count as'),
      amount: z.number().describe('their sum in that currency, in its major unit'),
      count: z.number().describe('how many deals (pipeline, revenue) or cost records (cost)'),
      earliestAt: z.string().describe('the earliest moment among them without a rate: a rate from then on converts them all'),
    }),
  )
  .describe(
    'amounts in the window in another currency than the reporting one, with no exchange rate in effect when they ' +
      'count: never summed at par, never dropped; listed here until an exchange_rate.recorded converts them',
  )
