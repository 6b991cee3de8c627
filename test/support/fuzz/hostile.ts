import fc from 'fast-check'
import { earliestTimeMs, latestTime, latestTimeMs, maxAmountCents } from '@attribution/contracts'

// Values that have broken parsers, stores and query builders, sorted by what the contract must do with them.

/** Halves of surrogate pairs without their other half: a JavaScript string holds them, UTF-8 cannot. */
export const loneSurrogates = ['\ud800', '\udbff', '\udc00', '\udfff', 'x\ud83d', '\ude00x'] as const

/** Texts with no business in an identifier or a label, for fields that take any text. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    ...loneSurrogates,
    '\u0000',
    'a\u0000b',
    '',
    ' ',
    ' padded ',
    '\u202eevil',
    '\ufeffbom',
    '\uffff',
    "' OR 1=1 --",
    "'); DROP TABLE events; --",
    "x' AND sleep(10) = 'x",
    '\\',
    '\\u0000',
    '%00',
    '%ED%A0%80',
    '${jndi:ldap://x/a}',
    '{{7*7}}',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    'NaN',
    '-0',
    '1e309',
    'null',
    '__proto__',
  ),
  fc.constantFrom(257, 2049, 100_000).map((length) => 'x'.repeat(length)),
)

/**
 * Amounts the contract takes: whole cents up to the largest amount every store can sum (bounds.ts), as numbers and
 * as decimal strings, with trailing zeros, and the float noise of 0.1 + 0.2.
 */
const cents = fc.bigInt({ min: 0n, max: BigInt(maxAmountCents) }).map(Number)
export const acceptedAmount: fc.Arbitrary<number | string> = fc.oneof(
  cents.map((cents) => cents / 100),
  cents.map((cents) => (cents / 100).toFixed(2)),
  fc.integer({ min: 0, max: 10_000_000 }).map((cents) => `${(cents / 100).toFixed(2)}000`),
  fc.constantFrom(0, 0.1 + 0.2, maxAmountCents / 100, `${maxAmountCents / 100}.00`, '0.10'),
)

/** Amounts it must refuse: fractions of a cent however small, beyond the largest amount, negative, not decimal. */
export const refusedAmount: fc.Arbitrary<number | string> = fc.oneof(
  fc.constantFrom(1e-7, 0.001, 0.005, 12.345, 5e-324, 1e308, 2 ** 53, maxAmountCents / 100 + 0.01, 1e15, 9_007_199_254_740.99, -1, -0.01),
  fc.constantFrom('12.345', '1e3', '0x10', '', 'NaN', 'Infinity', '12,50', '1.2.3', '-5', '1000000000000.01', '99999999999999999999'),
  fc
    .tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom(0.001, 0.0001, 1e-7))
    .map(([whole, fraction]) => whole + fraction),
)

/**
 * Instants inside the years every store holds (bounds.ts): their very first and last millisecond, leap days, and the
 * instants where counts of seconds or milliseconds outgrow a type or a digit (the epoch, 1e8 and 1e10 seconds, 2^31
 * and 2^32 seconds, 2^63 nanoseconds), where a conversion meant for ordinary dates breaks.
 */
export const acceptedInstant: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '1900-01-01T00:00:00Z',
      '1900-01-01T00:00:00.000Z',
      '1900-01-01T05:30:00+05:30',
      latestTime,
      '2299-12-30T22:59:59.999-01:00',
      '2000-02-29T00:00:00Z',
      '2024-02-29T12:00:00Z',
      '1969-12-31T23:59:59.999Z',
      '1970-01-01T00:00:00Z',
      '1973-03-03T09:46:40Z',
      '2038-01-19T03:14:08Z',
      '2106-02-07T06:28:16Z',
      '2262-04-11T23:47:16.855Z',
      '2286-11-20T17:46:40Z',
    ),
  },
  { weight: 1, arbitrary: fc.date({ min: new Date(earliestTimeMs), max: new Date(latestTimeMs), noInvalidDate: true }).map((date) => date.toISOString()) },
)

/** Instants it must refuse: outside those years (also by way of an offset), not on the calendar, not ISO-8601 with an offset. */
export const refusedInstant: fc.Arbitrary<string> = fc.constantFrom(
  '0001-01-01T00:00:00Z',
  '1899-12-31T23:59:59.999Z',
  '2300-01-01T00:00:00Z',
  // The last day of 2299 is kept free: its midnight ends every window left open.
  '2299-12-31T00:00:00Z',
  '2299-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59Z',
  '1900-01-01T00:00:00+00:01',
  '2299-12-30T23:59:59.999-00:01',
  '2024-02-30T00:00:00Z',
  '2023-02-29T12:00:00Z',
  '1900-02-29T00:00:00Z',
  '2024-04-31T00:00:00Z',
  '2024-13-01T00:00:00Z',
  '2024-00-10T00:00:00Z',
  '2024-01-01T24:00:00Z',
  '2024-01-01T00:00:60Z',
  '2024-01-01T00:00:00+24:00',
  '2024-01-01T00:00:00+14:60',
  '2024-01-01T00:00:00+0100',
  '2024-01-01T00:00:00',
  '2024-01-01',
  '+002024-01-01T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '2024-1-1T00:00:00Z',
  '1e10',
  '',
)

/** A value nested `depth` levels deep, alternating objects and arrays. */
export const nested = (depth: number): unknown => {
  let value: unknown = 'deep'
  for (let level = 0; level < depth; level++) value = level % 2 === 0 ? { a: value } : [value]
  return value
}
