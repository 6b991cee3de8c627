import type { FieldError } from '@attribution/contracts'
import { milestones, type Milestone } from './milestones.ts'

/** A position of a journey a custom model can weigh: a milestone's touch, or the middle touches together. */
export type SlotName = Milestone | 'middle'

export const slotNames: readonly SlotName[] = [...milestones, 'middle']

/** A custom position-based model: every slot's percentage of the deal (0 for slots left out), summing to 100. */
export type CustomWeights = Record<SlotName, number>

/** Either the weights, or every problem found, each with where it is (`FT`, `[2]`, or `` for the whole input). */
export type CustomWeightsParse = { ok: true; weights: CustomWeights } | { ok: false; errors: FieldError[] }

/** How far the percentages may miss 100, so thirds written as 100 / 3 still count as 100. */
const sumTolerance = 1e-9

const example = 'ft:30,lc:30,oc:30,middle:10'
const slotList = 'FT, LC, MQL, OC, CW or middle'

/**
 * The longest query-string form read: six slots with the longest percentages (`middle:16.666666666666668`) take
 * about 150 characters. Refusing longer text bounds the work and the errors of a value of any length.
 */
const maxQueryLength = 256

/**
 * Reads custom weights given as an object, as a JSON body would carry them: `{ FT: 30, LC: 30, OC: 30, middle: 10 }`.
 * Keys are exact; a missing slot weighs 0; each weight is a number of percent from 0 to 100, and together they sum
 * to 100.
 */
export function parseCustomWeights(input: unknown): CustomWeightsParse {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    const message = 'must be an object of percentages such as { FT: 30, LC: 30, OC: 30, middle: 10 }'
    return refused({ path: '', message })
  }
  const entries = Object.entries(input)
  // Keys are distinct, so more keys than slots cannot all be slots: one error instead of one per key, however many.
  if (entries.length > slotNames.length) {
    return refused({ path: '', message: `has ${entries.length} keys; give percentages for at most ${slotList}` })
  }
  const errors: FieldError[] = []
  const given: Partial<CustomWeights> = {}
  for (const [key, value] of entries) {
    const slot = slotNames.find((candidate) => candidate === key)
    if (slot === undefined) {
      const meant = slotNames.find((candidate) => candidate.toLowerCase() === key.toLowerCase())
      const hint = meant === undefined ? '' : ` (keys are case-sensitive here: ${meant})`
      errors.push({ path: key, message: `is not a position; use ${slotList}${hint}` })
    } else if (value === undefined) {
      continue
    } else if (typeof value !== 'number') {
      errors.push({ path: key, message: `must be a number of percent, got ${kindOf(value)}` })
    } else if (!(value >= 0 && value <= 100)) {
      errors.push({ path: key, message: `must be a number of percent from 0 to 100, got ${value}` })
    } else {
      given[slot] = value
    }
  }
  return errors.length > 0 ? { ok: false, errors } : summingTo100(given)
}

/**
 * Reads custom weights written as a query-string value: `ft:30,lc:30,oc:30,middle:10`. Parts are `slot:percent`
 * separated by commas, keys are case-insensitive, spaces around parts, keys and numbers are ignored, and a percent is
 * a plain decimal (`30`, `12.5`). An error's path is the index of the part it is about (`[2]` is the third part),
 * and its message quotes the part.
 */
export function parseCustomWeightsQuery(text: string): CustomWeightsParse {
  if (text.trim() === '') return refused({ path: '', message: `is empty; give percentages such as ${example}` })
  if (text.length > maxQueryLength) {
    const message = `is ${text.length} characters long; percentages such as ${example} take at most ${maxQueryLength}`
    return refused({ path: '', message })
  }
  const errors: FieldError[] = []
  const given: Partial<CustomWeights> = {}
  const partOf: Partial<Record<SlotName, number>> = {}
  text.split(',').forEach((rawPart, index) => {
    const part = rawPart.trim()
    const path = `[${index}]`
    if (part === '') {
      errors.push({ path, message: `part ${index + 1} is empty (a stray comma?)` })
      return
    }
    const colon = part.indexOf(':')
    if (colon === -1) {
      errors.push({ path, message: `"${part}" must be slot:percent, such as ft:30` })
      return
    }
    const key = part.slice(0, colon).trim()
    const number = part.slice(colon + 1).trim()
    const slot = slotNames.find((candidate) => candidate.toLowerCase() === key.toLowerCase())
    if (slot === undefined) {
      errors.push({ path, message: `"${part}" names no position: "${key}"; use ${slotList.toLowerCase()}` })
    } else if (partOf[slot] !== undefined) {
      errors.push({ path, message: `"${part}" gives ${slot} again; part ${(partOf[slot] ?? 0) + 1} already did` })
    } else if (!/^(\d+(\.\d*)?|\.\d+)$/.test(number)) {
      errors.push({ path, message: `"${part}": "${number}" is not a non-negative decimal number of percent` })
    } else if (Number(number) > 100) {
      errors.push({ path, message: `"${part}": ${number} is more than 100 percent` })
    } else {
      partOf[slot] = index
      given[slot] = Number(number)
    }
  })
  return errors.length > 0 ? { ok: false, errors } : summingTo100(given)
}

/** The weights with every missing slot at 0, if the given ones sum to 100. */
function summingTo100(given: Partial<CustomWeights>): CustomWeightsParse {
  const weights = Object.fromEntries(slotNames.map((slot) => [slot, given[slot] ?? 0])) as CustomWeights
  const sum = slotNames.reduce((total, slot) => total + weights[slot], 0)
  if (Math.abs(sum - 100) <= sumTolerance) return { ok: true, weights }
  const terms = slotNames.filter((slot) => given[slot] !== undefined).map((slot) => `${slot} ${weights[slot]}`)
  const addition = terms.length === 0 ? 'nothing was given' : `${terms.join(' + ')} = ${sum}`
  return refused({
    path: '',
    message: `FT + LC + MQL + OC + CW + middle must sum to 100 percent, got ${sum}: ${addition} (a missing slot counts 0)`,
  })
}

function refused(error: FieldError): CustomWeightsParse {
  return { ok: false, errors: [error] }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  // Quoted in full up to a length that says what it is; a long text is cut, so the error stays short.
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`
  return Array.isArray(value) ? 'an array' : `a value of type ${typeof value}`
}

/** Whether two custom models weigh every position alike, and so credit every deal alike. */
export const sameWeights = (a: CustomWeights, b: CustomWeights): boolean => slotNames.every((slot) => a[slot] === b[slot])
