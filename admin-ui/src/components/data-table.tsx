/**
 * The one list table of the Admin Center (users, audit events, tokens, runs, …): a caption for screen
 * readers, one header row, a row per item, a line when there is nothing; on narrow screens it scrolls
 * sideways inside its own region instead of widening the page — a region the keyboard can scroll, named
 * as scrolling, with a shadow at the edge that has more (issue 27: it gave no hint that it scrolled).
 */
import type { ComponentChildren } from 'preact'
import { useT } from '../i18n/i18n.tsx'

export interface Column<T> {
  readonly header: string
  readonly cell: (row: T) => ComponentChildren
}

export function DataTable<T>(props: {
  caption: string
  rows: readonly T[]
  columns: readonly Column<T>[]
  rowKey: (row: T) => string | number
  empty: string
  rowClass?: (row: T) => string | undefined
}) {
  const { columns } = props
  const t = useT()
  return (
    <div
      class="table-scroll"
      role="region"
      tabIndex={0}
      aria-label={t('common.scrolls', { caption: props.caption })}
    >
      <table class="list">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col">
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={props.rowKey(row)} class={props.rowClass?.(row)}>
              {columns.map((column) => (
                <td key={column.header}>{column.cell(row)}</td>
              ))}
            </tr>
          ))}
          {props.rows.length === 0 && (
            <tr>
              <td colSpan={columns.length}>{props.empty}</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  )
}
