import { describe, expect, it } from 'vitest'
import { describeFailure } from './describeFailure.ts'

describe('describeFailure', () => {
  it('keeps the first line of a ClickHouse error, up to where it starts quoting the row', () => {
    const error = Object.assign(
      new Error(
        "Cannot read DateTime: unexpected number of decimal digits: 11: (while reading the value of key first_touch_at): (at row 1)\n: \nRow 1:\nColumn 2, name: person_id, type: String, parsed text: \"jane@acme.example\"",
      ),
      { name: 'ClickHouseError' },
    )
    expect(describeFailure(error)).toBe(
      'ClickHouseError: Cannot read DateTime: unexpected number of decimal digits: 11: (while reading the value of key first_touch_at)',
    )
  })

  it('drops the quoted input of a parse error', () => {
    expect(describeFailure(new Error("Cannot parse input: expected '\"' before: 'jane@acme.example'"))).toBe(
      "Cannot parse input: expected '\"'",
    )
  })

  it('names the kind of a non-plain error and bounds the length', () => {
    expect(describeFailure(new RangeError('Invalid time value'))).toBe('RangeError: Invalid time value')
    const long = describeFailure(new Error('x'.repeat(1000)))
    expect(long).toHaveLength(300)
    expect(long.endsWith('…')).toBe(true)
    expect(describeFailure('plain text')).toBe('plain text')
  })
})
