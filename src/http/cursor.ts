/** Opaque list cursors: base64url JSON of the last row's (time, id), whatever the list's order. */
import { AppError } from '../errors/app-error.ts'
import type { PageCursor } from '../platform/page.ts'

export function encodeCursor(cursor: PageCursor | undefined): string | null {
  return cursor === undefined
    ? null
    : Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url')
}

export function decodeCursor(text: string | undefined): PageCursor | undefined {
  if (text === undefined) return undefined
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isSafeInteger(value[0]) &&
      typeof value[1] === 'string' &&
      value[1].length <= 100
    ) {
      return { at: value[0] as number, id: value[1] }
    }
  } catch {
    // fall through
  }
  throw new AppError('request.invalid', {
    details: { field: 'cursor', reason: 'not a cursor from this API' },
  })
}

/** `limit` from a query string: 1 to `max`, `fallback` when absent. */
export function pageLimit(text: string | undefined, fallback = 50, max = 100): number {
  const limit = text === undefined ? fallback : Number(text)
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new AppError('request.invalid', { details: { field: 'limit', reason: `1 to ${max}` } })
  }
  return limit
}
