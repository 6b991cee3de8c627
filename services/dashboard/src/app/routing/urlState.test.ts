import { describe, expect, it } from 'vitest'
import { pageAt, pagePaths } from './pages.ts'
import { apiPath, carriedParams, hrefWith, readParams } from './urlState.ts'

describe('URL state', () => {
  it('reads the query string, the first of a repeated name counting', () => {
    expect(readParams('?model=w_shaped&from=2026-01-01&model=linear')).toEqual({ model: 'w_shaped', from: '2026-01-01' })
    expect(readParams('')).toEqual({})
  })

  it('changes one choice and keeps the others, removing those set back to nothing', () => {
    const current = { model: 'w_shaped', level: 'channel', from: '2026-01-01' }
    expect(hrefWith('/', current, { model: 'linear' })).toBe('/?model=linear&level=channel&from=2026-01-01')
    expect(hrefWith('/', current, { level: undefined, from: '' })).toBe('/?model=w_shaped')
    expect(hrefWith('/funnel', {})).toBe('/funnel')
  })

  it('round-trips names and values that need escaping', () => {
    const href = hrefWith('/', {}, { weights: 'ft:30,lc:30,oc:30,middle:10', customModel: 'our model & co' })
    expect(readParams(href.slice(href.indexOf('?')))).toEqual({ weights: 'ft:30,lc:30,oc:30,middle:10', customModel: 'our model & co' })
  })

  it('carries the window and the definition to other pages, not page-specific choices', () => {
    expect(carriedParams({ model: 'linear', from: '2026-01-01', to: '2026-04-01', definition: 'x@2', sort: 'cost' })).toEqual({
      from: '2026-01-01',
      to: '2026-04-01',
      definition: 'x@2',
    })
  })

  it('builds API paths without the values left out', () => {
    expect(apiPath('/v1/funnel', { from: '2026-01-01', to: undefined, groupBy: '', limit: 5 })).toBe('/v1/funnel?from=2026-01-01&limit=5')
  })

  it('finds the page of a path, the overview for unknown ones', () => {
    expect(pageAt('/funnel')).toBe('funnel')
    expect(pageAt('/funnel/')).toBe('funnel')
    expect(pageAt('/')).toBe('overview')
    expect(pageAt('/nowhere')).toBe('overview')
    expect(pagePaths).toContain('/definitions')
  })
})
