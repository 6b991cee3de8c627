/** One row to insert: column name to value, in the JSON forms ClickHouse reads. */
export type Row = Record<string, string | number | boolean | null | string[] | number[] | Record<string, string> | Record<string, number>>

/** Rows to insert, by table. */
export type TableRows = Map<string, Row[]>
