/** Opaque list cursors: base64url JSON of the last row's (createdAt, id). */
import { AppError } from '../../../errors/app-error.ts'

export interface Cursor {
  readonly createdAt: number
  readonly id: string
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url')
}

export function decodeCursor(text: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isSafeInteger(value[0]) &&
      typeof value[1] === 'string' &&
      value[1].length <= 100
    ) {
      return { createdAt: value[0] as number, id: value[1] }
    }
  } catch {
    // fall through
  }
  throw new AppError('request.invalid', {
    details: { field: 'cursor', reason: 'not a cursor from this API' },
  })
}
