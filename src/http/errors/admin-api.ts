/**
 * The JSON error surface (Admin API and operational endpoints): `{ error: { code, message, details? } }`
 * (SPEC §7). Unknown errors become a generic 500; their detail goes to the log only (STYLE rule 16).
 */
import { AppError, isAppError } from '../../errors/app-error.ts'
import type { ErrorCode } from '../../errors/codes.ts'

export interface JSONErrorBody {
  readonly error: {
    readonly code: ErrorCode
    readonly message: string
    readonly details?: Readonly<Record<string, unknown>>
  }
}

export interface MappedError {
  readonly status: number
  readonly body: JSONErrorBody
  /** True when the error was not an expected AppError and must be logged in full. */
  readonly unexpected: boolean
}

/** Fastify's own errors for malformed requests, by their `code`, mapped to ours. */
const FRAMEWORK_ERRORS: ReadonlyMap<string, ErrorCode> = new Map([
  ['FST_ERR_CTP_BODY_TOO_LARGE', 'request.too_large'],
  ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 'request.unsupported_media_type'],
  ['FST_ERR_CTP_INVALID_CONTENT_LENGTH', 'request.invalid'],
  ['FST_ERR_CTP_EMPTY_JSON_BODY', 'request.malformed_json'],
  ['FST_ERR_CTP_INVALID_JSON_BODY', 'request.malformed_json'],
  ['FST_ERR_VALIDATION', 'request.invalid'],
])

export function mapJSONError(error: unknown): MappedError {
  const appError = toAppError(error)
  if (appError === undefined) {
    const internal = new AppError('internal_error')
    return { status: internal.status, body: bodyOf(internal), unexpected: true }
  }
  return { status: appError.status, body: bodyOf(appError), unexpected: false }
}

function toAppError(error: unknown): AppError | undefined {
  if (isAppError(error)) return error
  const code = (error as { code?: unknown } | null)?.code
  if (code === 'FST_ERR_VALIDATION') {
    const issues = (
      (error as { validation?: { instancePath?: string; message?: string }[] }).validation ?? []
    ).map((v) => ({ path: v.instancePath ?? '', message: v.message ?? 'invalid' }))
    const where = (error as { validationContext?: string }).validationContext
    return new AppError('request.invalid', { details: { in: where ?? 'body', issues } })
  }
  if (typeof code === 'string') {
    const mapped = FRAMEWORK_ERRORS.get(code)
    if (mapped !== undefined) return new AppError(mapped)
  }
  // JSON.parse failures surface as SyntaxError with status 400 from Fastify's parser.
  if (error instanceof SyntaxError && (error as { statusCode?: number }).statusCode === 400) {
    return new AppError('request.malformed_json')
  }
  return undefined
}

function bodyOf(error: AppError): JSONErrorBody {
  return error.details === undefined
    ? { error: { code: error.code, message: error.message } }
    : { error: { code: error.code, message: error.message, details: error.details } }
}
