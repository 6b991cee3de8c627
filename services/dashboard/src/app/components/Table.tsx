import type { ComponentChildren } from 'preact'
import { nextDirection, sortRows, type Direction, type SortValue } from './sortRows.ts'

export interface Column<T> {
  key: string
  label: string
  /** What the column sorts by; a column without one is not sortable. */
  sortBy?: (row: T) => SortValue
  show: (row: T) => ComponentChildren
  numeric?: boolean
}

export interface Sorting {
  by: string
  direction: Direction
  onSort(by: string, direction: Direction): void
}

/** A table of exact figures; with `sorting`, each sortable header sorts by its column (the choice is the page's). */
export function Table<T>(props: { columns: Column<T>[]; rows: readonly T[]; rowKey(row: NoInfer<T>): string; sorting?: Sorting; caption?: string; footer?: ComponentChildren }) {
  const { columns, sorting } = props
  const sortColumn = sorting ? columns.find((column) => column.key === sorting.by && column.sortBy) : undefined
  const rows = sorting && sortColumn?.sortBy ? sortRows(props.rows, sortColumn.sortBy, sorting.direction) : props.rows
  return (
    <div class="table-scroll">
      <table>
        {props.caption && <caption>{props.caption}</caption>}
        <thead>
          <tr>
            {columns.map((column) => {
              const sorted = sortColumn?.key === column.key
              return (
                <th
                  key={column.key}
                  class={column.numeric ? 'numeric' : undefined}
                  aria-sort={sorted ? (sorting?.direction === 'asc' ? 'ascending' : 'descending') : undefined}
                  data-column={column.key}
                >
                  {sorting && column.sortBy ? (
                    <button type="button" onClick={() => sorting.onSort(column.key, nextDirection(sorting.by, sorting.direction, column.key))}>
                      {column.label}
                      <span aria-hidden="true">{sorted ? (sorting.direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                    </button>
                  ) : (
                    column.label
                  )}
                </th>
              )
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={props.rowKey(row)} data-row={props.rowKey(row)}>
              {columns.map((column) => (
                <td key={column.key} class={column.numeric ? 'numeric' : undefined} data-column={column.key}>
                  {column.show(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {props.footer && <tfoot>{props.footer}</tfoot>}
      </table>
    </div>
  )
}
