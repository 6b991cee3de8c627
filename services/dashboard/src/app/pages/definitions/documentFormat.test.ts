import { describe, expect, it } from 'vitest'
import { contentTypeOf, erroneousLines, parseVersionName, versionName } from './documentFormat.ts'

describe('lead definition documents', () => {
  it('sends an object as JSON and anything else as YAML', () => {
    expect(contentTypeOf('  {"id": "x"}')).toBe('application/json')
    expect(contentTypeOf('id: x\nversion: 1')).toBe('application/yaml')
  })

  it('names versions as the API does, and reads the names back', () => {
    expect(versionName({ definitionId: 'intent-and-fit', version: 2 })).toBe('intent-and-fit@2')
    expect(parseVersionName('intent-and-fit@2')).toEqual({ definitionId: 'intent-and-fit', version: 2 })
    expect(parseVersionName('a@b@3')).toEqual({ definitionId: 'a@b', version: 3 })
    expect(parseVersionName('intent-and-fit')).toBeUndefined()
    expect(parseVersionName(undefined)).toBeUndefined()
  })

  it('collects the lines errors point at', () => {
    expect([...erroneousLines([{ line: 4 }, {}, { line: 9 }, { line: 4 }])]).toEqual([4, 9])
  })
})
