import { describe, expect, it } from 'vitest'
import { openClickHouse } from './connection.ts'

describe('openClickHouse', () => {
  it('refuses a database name a one-letter table alias could shadow, or one that is not a plain identifier', async () => {
    await expect(openClickHouse({ url: 'http://127.0.0.1:1', database: 'p' })).rejects.toThrow(/'p' must be a plain identifier of two characters or more/)
    await expect(openClickHouse({ url: 'http://127.0.0.1:1', database: 'crm-2' })).rejects.toThrow(/'crm-2' must be a plain identifier/)
  })
})
