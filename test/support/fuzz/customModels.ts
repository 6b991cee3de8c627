import fc from 'fast-check'
import { hostileText, nested } from './hostile.ts'
import { printable } from './printable.ts'

/** One request to PUT /v1/attribution/models/{name}: the name as sent in the path, and the JSON body. */
export interface ModelRequest {
  name: string
  /** Whether the route's schema takes the name (letters, digits, dots, dashes, underscores; 1 to 256). */
  nameValid: boolean
  payload: string
  /** Whether the weights are percentages of known positions summing to 100; undefined: a random value. */
  weightsValid: boolean | undefined
  how: string
}

const slots = ['FT', 'LC', 'MQL', 'OC', 'CW', 'middle'] as const

/** 100 percent split over some positions, in whole percents. */
const split = fc.subarray([...slots], { minLength: 1 }).chain((chosen) =>
  fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: chosen.length - 1, maxLength: chosen.length - 1 }).map((cuts) => {
    const points = [0, ...cuts.sort((a, b) => a - b), 100]
    return Object.fromEntries(chosen.map((slot, index) => [slot, (points[index + 1] ?? 100) - (points[index] ?? 0)])) as Record<string, number>
  }),
)
const asQuery = (weights: Record<string, number>) => Object.entries(weights).map(([slot, percent]) => `${slot.toLowerCase()}:${percent}`).join(',')

const validWeights: fc.Arbitrary<unknown> = fc.oneof(split, split.map(asQuery), fc.constant({ FT: 100 / 3, LC: 100 / 3, OC: 100 / 3 }))

const refusedWeights: fc.Arbitrary<unknown> = fc.oneof(
  split.map((weights) => ({ ...weights, [Object.keys(weights)[0] ?? 'FT']: (Object.values(weights)[0] ?? 0) + 1 })),
  fc.constantFrom<unknown>(
    { ft: 100 },
    { XX: 100 },
    { FT: '100' },
    { FT: null },
    { FT: -10, LC: 110 },
    { FT: 1e308, LC: -1e308 },
    { FT: [100] },
    { FT: 100, '\ud800': 0 },
    { 'FT\u0000': 100 },
    {},
    [100],
    'ft:30,lc:30',
    'ft:100,ft:0',
    'xx:100',
    'ft:1e2',
    'ft:-100',
    '',
    ',',
    'ft:100,',
    null,
    5,
  ),
  hostileText.map((text) => `ft:${text}`),
  fc.integer({ min: 2, max: 10_000 }).map((count) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`K${index}`, 0]))),
  fc.integer({ min: 2, max: 500 }).map((depth) => ({ FT: nested(depth) })),
)

/** Names the schema takes, up to its longest (256); and path segments it does not, percent-encoded as sent. */
const validName = fc.constantFrom('fz-model', 'fz.model_2', 'A1', 'x'.repeat(100), 'x'.repeat(101), 'x'.repeat(256))
const refusedName = fc.constantFrom('%ED%A0%80', '%FF', '%00', 'a%00b', 'has%20space', '-x', '.x', '..', '%2E%2E', 'a%2Fb', 'x'.repeat(257), '%F0%9F%98%80', '%', '')

export const modelRequest: fc.Arbitrary<ModelRequest> = fc
  .tuple(
    fc.oneof(
      { weight: 3, arbitrary: validName.map((name) => ({ name, nameValid: true })) },
      { weight: 1, arbitrary: refusedName.map((name) => ({ name, nameValid: false })) },
    ),
    fc.oneof(
      validWeights.map((weights) => ({ weights, weightsValid: true as boolean | undefined })),
      refusedWeights.map((weights) => ({ weights, weightsValid: false as boolean | undefined })),
      fc.jsonValue({ maxDepth: 2 }).map((weights) => ({ weights, weightsValid: undefined })),
    ),
    fc.boolean(),
  )
  .map(([{ name, nameValid }, { weights, weightsValid }, bare]) => {
    // A body that is not `{ weights }` is refused whatever it holds.
    const payload = JSON.stringify(bare && weightsValid === false ? weights : { weights }) ?? 'null'
    const how = `${name.length > 40 ? `${name.slice(0, 20)}... (${name.length} characters)` : name}: ${payload.length > 80 ? `${payload.slice(0, 80)}...` : payload}`
    return printable({ name, nameValid, payload, weightsValid, how }, how)
  })

/** The body `{"weights": ...}` nested `depth` deep, as text (JSON.stringify itself would overflow first). */
export const deeplyNestedWeights = (depth: number): string => `{"weights":{"FT":${'['.repeat(depth)}${']'.repeat(depth)}}}`
