import { z } from 'zod'
import { attributionModels, defaultAttributionOptions } from '@attribution/domain'

export const errorBody = z.object({
  error: z.string(),
  message: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
})

/** A date (2024-05-01, midnight UTC) or a date-time with offset, normalised to an ISO instant. */
export const instant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .transform((value) => new Date(value.length === 10 ? `${value}T00:00:00Z` : value).toISOString())
  .describe('date (YYYY-MM-DD, midnight UTC) or ISO-8601 date-time with offset')

export const windowQuery = z.object({
  from: instant.optional().describe('start of the window, inclusive; open when absent'),
  to: instant.optional().describe('end of the window, exclusive; open when absent'),
})

export const attributionOptions = z.object({
  lookbackDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(defaultAttributionOptions.lookbackDays)
    .describe('how far before deal creation touches count'),
  halfLifeDays: z.coerce
    .number()
    .positive()
    .max(3650)
    .default(defaultAttributionOptions.halfLifeDays)
    .describe('time_decay: days after which a touch weighs half'),
})

export const attributionQuery = windowQuery
  .extend(attributionOptions.shape)
  .extend({ model: z.enum(attributionModels).describe('attribution model') })
  .refine((query) => !query.from || !query.to || query.from < query.to, { message: 'must be after from', path: ['to'] })
