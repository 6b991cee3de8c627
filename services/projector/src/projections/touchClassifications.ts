import { deleteWhere, type ClickHouse, type TableRows } from '@attribution/clickhouse'
import { channelClassifier, parseChannelRules } from '@attribution/domain'
import {
  activeChannelRules,
  channelRulesInUse,
  classifyDerivedTouches,
  classificationOf,
  touchesOfBatch,
  rowsOfBatch,
  rulesRef,
  switchTouchesTo,
  writeTouchChannels,
  type PositionedEvent,
  type TouchClassification,
} from '@attribution/read-model'

type RulesVersion = { rulesId: string; version: number }

/**
 * How the facts projection classifies raw touches (docs/channel-rules.md): each under the channel rules active at its
 * place in the log, and, for the versions being replayed or replayed (candidates to compare and activate), under each
 * of those too, so that a replay stays current while events arrive. A batch costs a keyed read of the active version
 * and of the versions in use, however long the history. Classifications are kept by version: compiling rules is the
 * costly part, and versions never change.
 */
export function touchClassifications(clickhouse: ClickHouse) {
  const compiled = new Map<string, TouchClassification>()
  const classificationAt = async (published: readonly PositionedEvent[], version: RulesVersion) => {
    const ref = rulesRef(version)
    const known = compiled.get(ref)
    if (known !== undefined) return known
    // Published in this very batch: not in ClickHouse before the batch's rows are written.
    const inBatch = published.find(({ event }) => event.type === 'channel_rules.published' && rulesRef(event.data) === ref)
    let classification: TouchClassification
    if (inBatch?.event.type === 'channel_rules.published') {
      const parsed = parseChannelRules(inBatch.event.data.document, inBatch.event.data.format)
      if (!parsed.ok) throw new Error(`channel rules ${ref} cannot be read`)
      classification = { classify: channelClassifier(parsed.rules), rulesRef: ref }
    } else {
      classification = await classificationOf(clickhouse, version)
    }
    compiled.set(ref, classification)
    return classification
  }

  /** The fact rows of a batch, touches classified under the rules active before each (then after each activation in it). */
  const rowsOf = async (events: readonly PositionedEvent[]): Promise<TableRows> => {
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

  /**
   * The batch's derived touches classified under every version in use, into touch_channels. Looked up after the batch's
   * facts are written (see channelRulesReplay.ts): a replay recorded before the lookup is kept current here, one
   * recorded after reads these touches from the facts.
   */
  const keepCandidatesCurrent = async (events: readonly PositionedEvent[]): Promise<void> => {
    const touches = touchesOfBatch(events)
    if (touches.length === 0) return
    for (const version of await channelRulesInUse(clickhouse)) {
      const { classify, rulesRef: ref } = await classificationAt([], version)
      await writeTouchChannels(clickhouse, ref, touches, classify)
    }
  }

  /**
   * The touch facts switched to the version a batch activates (its last activation): every derived touch classified
   * under it from the facts (as a replay does: the switch must not depend on a replay's rows, which a read model
   * rebuilt from the log does not have), then rewritten. What the credits and every reader of touches see from this
   * batch on. Costs a replay, once per activation.
   */
  const switchOnActivation = async (events: readonly PositionedEvent[]): Promise<void> => {
    const activation = events.findLast(({ event }) => event.type === 'channel_rules.activated')
    if (activation?.event.type !== 'channel_rules.activated') return
    const { classify, rulesRef: ref } = await classificationAt(events, activation.event.data)
    await classifyDerivedTouches(clickhouse, ref, classify)
    await switchTouchesTo(clickhouse, ref)
  }

  /** Takes back the candidates' rows of touches set aside. */
  const takeBack = async (events: readonly PositionedEvent[]): Promise<void> => {
    for (const { touchpointId, position } of touchesOfBatch(events)) {
      await deleteWhere(clickhouse, 'touch_channels', 'touchpoint_id = {touchpointId:String} AND position = {position:UInt64}', { touchpointId, position })
    }
  }

  return { rowsOf, keepCandidatesCurrent, switchOnActivation, takeBack }
}
