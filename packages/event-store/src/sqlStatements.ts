import { readFileSync } from 'node:fs'

const schemaScript = readFileSync(new URL('./schema.sql', import.meta.url), 'utf8')

/**
 * Every statement the SQL event store runs, for one schema. PostgreSQL and PGlite run the same text.
 *
 * Readers of the global log see only rows whose transaction is older than every transaction still running
 * (`transaction_id < pg_snapshot_xmin(pg_current_snapshot())`). No row can later appear before that horizon, so a
 * reader that moves its checkpoint past what it saw never skips a late commit. The price: a long-running write
 * transaction anywhere in the cluster holds back what readers see until it ends.
 */
export function sqlStatements(schema: string) {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name "${schema}": use letters, digits, _`)
  const events = `"${schema}".events`
  const visible = 'transaction_id < pg_snapshot_xmin(pg_current_snapshot())'
  const after = '(transaction_id, position) > ($1::xid8, $2::bigint)'
  // A page of events is read as one JSON text, each event an array of its fields (EventTuple in sqlEventStore.ts) with
  // `data` inline: the driver hands over one value instead of parsing ten per row (PGlite's row parsing, in JavaScript,
  // took twice as long as the whole read does now), and one JSON.parse reads the page. Positions go as text: they are
  // 64-bit.
  const page = (rows: string, order: string) => `select coalesce(json_agg(json_build_array(transaction_id::text,
      position::text, stream_id, stream_version, event_id, type, source, occurred_at_text, data,
      to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) order by ${order})::text, '[]') as page
    from (${rows}) as e`
  const logOrder = 'transaction_id, position'

  return {
    createSchema: schemaScript.replaceAll('__schema__', `"${schema}"`),
    /** Params: lock namespace, stream ids. Locks are taken in key order so two appenders never wait on each other. */
    lockStreams: `select pg_advisory_xact_lock(key)
      from (select distinct hashtextextended($1 || stream_id, 0) as key from unnest($2::text[]) as stream_id order by key) as keys`,
    storedEventIds: `select event_id from ${events} where event_id = any($1::text[])`,
    /** The last version of each stream that exists: one backward index probe per stream, however long it is. */
    streamVersions: `select s.stream_id, last.version from unnest($1::text[]) as s(stream_id)
      cross join lateral (select stream_version as version from ${events} as e where e.stream_id = s.stream_id
        order by stream_version desc limit 1) as last`,
    /**
     * One statement per batch, its events as one JSON array of [id, stream, version, type, source, occurredAt, data]:
     * the drivers pass one value, where seven text arrays cost PGlite twice the time to encode and decode.
     * `order by n` keeps positions in batch order.
     */
    insert: `insert into ${events} (event_id, stream_id, stream_version, type, source, occurred_at, occurred_at_text, data)
      select e->>0, e->>1, (e->>2)::integer, e->>3, e->>4, (e->>5)::timestamptz, e->>5, e->6
      from jsonb_array_elements($1::jsonb) with ordinality as batch(e, n)
      order by batch.n`,
    readAllFromStart: page(`select * from ${events} where ${visible} order by ${logOrder} limit $1`, logOrder),
    readAllAfter: page(`select * from ${events} where ${visible} and ${after} order by ${logOrder} limit $3`, logOrder),
    /** A stream is read whole and without the horizon: its versions are gap-free, and a writer sees its own append. */
    readStream: page(`select * from ${events} where stream_id = $1`, 'stream_version'),
    head: `select (select count(*) from ${events} where ${visible})::text as events,
      (select transaction_id::text || '/' || position::text from ${events} where ${visible}
        order by transaction_id desc, position desc limit 1) as last`,
    countAll: `select count(*)::text as events from ${events} where ${visible}`,
    countAfter: `select count(*)::text as events from ${events} where ${visible} and ${after}`,
    analyze: `analyze ${events}`,
  }
}

export type SqlStatements = ReturnType<typeof sqlStatements>
