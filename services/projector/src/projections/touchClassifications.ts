import type { ClickHouse, TableRows } from '@attribution/clickhouse'
import { channelClassifier, parseChannelRules } from '@attribution/domain'
import {
  activeChannelRules,
  classificationOf,
  rowsOfBatch,
  rulesRef,
  type PositionedEvent,
  type TouchClassification,
} from '@attribution/read-model'

/**
 * The fact rows of a batch, each raw touch classified under the channel rules active at its place in the log: those
 * of the latest activation before the batch, then of each activation in it from there on. A batch costs one keyed read
 * of the active version (and of its document when it changed), however long the history. The classification of a
 * version is kept while it stays active: compiling rules is the costly part, and versions never change.
 */
export function touchClassifications(clickhouse: ClickHouse): (events: readonly PositionedEvent[]) => Promise<TableRows> {
  let kept: TouchClassification | undefined
  const classificationAt = async (published: readonly PositionedEvent[], version: { rulesId: string; version: number }) => {
    if (kept?.rulesRef === rulesRef(version)) return kept
    // Published in this very batch: not in ClickHouse before the batch's rows are written.
    const inBatch = published.find(({ event }) => event.type === 'channel_rules.published' && rulesRef(event.data) === rulesRef(version))
    if (inBatch?.event.type === 'channel_rules.published') {
      const parsed = parseChannelRules(inBatch.event.data.document, inBatch.event.data.format)
      if (!parsed.ok) throw new Error(`channel rules ${rulesRef(version)} cannot be read`)
      kept = { classify: channelClassifier(parsed.rules), rulesRef: rulesRef(version) }
    } else {
      kept = await classificationOf(clickhouse, version)
    }
    return kept
  }
  return async (events) => {
    let current = await classificationAt([], await activeChannelRules(clickhouse))
    const tables: TableRows = new Map()
    let segment: PositionedEvent[] = []
    const flush = () => {
      for (const [table, rows] of rowsOfBatch(segment, current)) tables.set(table, [...(tables.get(table) ?? []), ...rows])
      segment = []
    }
    for (const [index, positioned] of events.entries()) {
      segment.push(positioned)
      if (positioned.event.type !== 'channel_rules.activated') continue
      flush()
      current = await classificationAt(events.slice(0, index), positioned.event.data)
    }
    flush()
    return tables
  }
}
