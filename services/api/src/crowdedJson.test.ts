import { describe, expect, it } from 'vitest'
import { crowdedObjectPath } from './crowdedJson.ts'

const fields = (count: number) => `{${Array.from({ length: count }, (_, index) => `"f${index}":${index}`).join(',')}}`

describe('crowdedObjectPath', () => {
  it('finds nothing in objects within the limit, whatever their strings hold', () => {
    expect(crowdedObjectPath(fields(3), 3)).toBeUndefined()
    expect(crowdedObjectPath('{"a":"x:y,z","b":"q\\":\\\\","c":[1,2,3,4,5]}', 3)).toBeUndefined()
    expect(crowdedObjectPath('[{"a":1,"b":2,"c":3},{"a":1,"b":2,"c":3}]', 3)).toBeUndefined()
  })

  it('names the path of the first object with too many fields', () => {
    expect(crowdedObjectPath(fields(4), 3)).toEqual([])
    const batch = `[{"a":1},{"eventId":"e","data":{"list":[0,${fields(4)}]}}]`
    expect(crowdedObjectPath(batch, 3)).toEqual([1, 'data', 'list', 1])
    expect(crowdedObjectPath(`{"we\\"ird":${fields(4)}}`, 3)).toEqual(['we"ird'])
  })

  it('leaves text that is not JSON to the parser', () => {
    expect(crowdedObjectPath('{"a":', 3)).toBeUndefined()
    expect(crowdedObjectPath('}}]]"', 3)).toBeUndefined()
  })
})
