/** The one error class for hostile or bad input (STYLE rules 14–16); mapped to a protocol only at the edge. */
import { ERRORS, type ErrorCode } from './codes.ts'

export interface AppErrorOptions {
  /** Public, structured: field errors and the like. Sent to the caller. */
  details?: Readonly<Record<string, unknown>>
  /** Internal: logged and audited, never sent. */
  detail?: string
  /** Overrides the table's public message with a more specific, still public, one. */
  message?: string
  cause?: unknown
}

export class AppError extends Error {
  override readonly name = 'AppError'
  readonly code: ErrorCode
  readonly status: number
  readonly details: Readonly<Record<string, unknown>> | undefined
  readonly detail: string | undefined

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    super(options.message ?? ERRORS[code].message, { cause: options.cause })
    this.code = code
    this.status = ERRORS[code].status
    this.details = options.details
    this.detail = options.detail
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError
}
