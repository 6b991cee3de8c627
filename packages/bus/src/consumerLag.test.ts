import { describe, expect, it } from 'vitest'
import { consumerGroupLag, type OffsetReader } from './consumerLag.ts'

describe('consumerGroupLag', () => {
  it("is each partition's end less the group's committed offset, or less its start where the group committed nothing", async () => {
    const admin = {
      fetchOffsets: async () => [
        { topic: 'attribution.touchpoints', partitions: [{ partition: 0, offset: '40', metadata: null }, { partition: 1, offset: '-1', metadata: null }] },
      ],
      fetchTopicOffsets: async (topic: string) =>
        topic === 'attribution.touchpoints'
          ? [
              { partition: 0, offset: '100', high: '100', low: '0' },
              { partition: 1, offset: '30', high: '30', low: '10' },
            ]
          : [{ partition: 0, offset: '5', high: '5', low: '5' }],
    } as unknown as OffsetReader
    expect(await consumerGroupLag(admin, 'attribution-ingestor', ['attribution.touchpoints', 'attribution.deals'])).toEqual([
      { topic: 'attribution.touchpoints', partition: 0, lag: 60 },
      { topic: 'attribution.touchpoints', partition: 1, lag: 20 },
      { topic: 'attribution.deals', partition: 0, lag: 0 },
    ])
  })
})
