import { describe, expect, it } from 'vitest'
import { scanInput } from './scanInput.ts'

describe('scanInput', () => {
  it('passes what the stores hold, whatever the contract says about it', () => {
    expect(scanInput({ a: ['x', 1, null, true, { b: 'caf\u00e9 \ud83d\ude80' }], c: 2 })).toEqual([])
    expect(scanInput('plain')).toEqual([])
    expect(scanInput(undefined)).toEqual([])
  })

  it('reports problems in the order they appear, in values and in field names', () => {
    expect(scanInput({ a: { b: 'x\u0000' }, c: ['ok', '\udc00'], 'd\u0000': 'ok', e: 'fine' })).toEqual([
      { path: 'a.b', message: 'must not contain the NUL character' },
      { path: 'c[1]', message: 'must be well-formed Unicode (contains a lone surrogate)' },
      { path: 'd\u0000', message: 'the field name must not contain the NUL character' },
    ])
    expect(scanInput('\u0000')).toEqual([{ path: '', message: 'must not contain the NUL character' }])
  })

  it('stops at the ninth level and does not look further in', () => {
    const deep = { a: { b: { c: { d: { e: { f: { g: { h: { i: '\u0000' } } } } } } } } }
    expect(scanInput(deep)).toEqual([{ path: 'a.b.c.d.e.f.g.h', message: expect.stringMatching(/^is nested too deeply/) }])
    expect(scanInput(deep.a)).toEqual([{ path: 'b.c.d.e.f.g.h.i', message: 'must not contain the NUL character' }])
  })

  it('handles a million levels iteratively', () => {
    let deep: unknown = {}
    for (let level = 0; level < 1_000_000; level += 1) deep = { x: deep }
    expect(scanInput(deep)).toEqual([{ path: 'x.x.x.x.x.x.x.x', message: expect.stringMatching(/^is nested too deeply/) }])
  })

  it('keeps the first 20 problems and counts the rest', () => {
    const values = Array.from({ length: 500 }, () => '\ud800')
    const found = scanInput({ values })
    expect(found).toHaveLength(21)
    expect(found[19]).toEqual({ path: 'values[19]', message: expect.stringContaining('lone surrogate') })
    expect(found[20]).toEqual({ path: '', message: 'and 480 more problems' })
  })

  it('shortens long field names in paths', () => {
    const key = `${'k'.repeat(100)}\u0000`
    expect(scanInput({ [key]: 1 })).toEqual([{ path: `${'k'.repeat(64)}…`, message: expect.stringContaining('NUL') }])
  })
})
