/** One page of a list ordered by (time, id), and where the next page starts. */

export interface PageCursor {
  /** The ordering time of the last row on the page (created or occurred), epoch ms. */
  readonly at: number
  readonly id: string
}

export interface Page<T> {
  readonly items: readonly T[]
  /** Present when more rows follow. */
  readonly next: PageCursor | undefined
}

/** `rows` holds up to `limit + 1` rows (one more tells that another page follows). */
export function toPage<T>(
  rows: readonly T[],
  limit: number,
  cursorOf: (row: T) => PageCursor,
): Page<T> {
  const items = rows.slice(0, limit)
  const last = items[items.length - 1]
  return { items, next: rows.length > limit && last !== undefined ? cursorOf(last) : undefined }
}
