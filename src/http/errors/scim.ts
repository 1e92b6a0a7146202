/**
 * The SCIM error surface (RFC 7644 §3.12): `{ schemas: [Error], status: "400", scimType?, detail }`,
 * from the same AppErrors as everywhere else. `code` carries our stable error code beside the RFC's
 * fields; `detail` says what was wrong without echoing secrets or naming other organizations.
 */
import type { ErrorCode } from '../../errors/codes.ts'
import { SCHEMA } from '../../scim/scim-schema.ts'
import { mapJSONError } from './admin-api.ts'

/** RFC 7644 Table 9: the scimType of each 400 (and 409) we send. */
const SCIM_TYPES: Partial<Record<ErrorCode, string>> = {
  'scim.invalid_filter': 'invalidFilter',
  'scim.invalid_syntax': 'invalidSyntax',
  'request.malformed_json': 'invalidSyntax',
  'request.invalid': 'invalidSyntax',
  'scim.invalid_value': 'invalidValue',
  'scim.domain_not_verified': 'invalidValue',
  'scim.invalid_path': 'invalidPath',
  'scim.no_target': 'noTarget',
  'scim.mutability': 'mutability',
  'scim.uniqueness': 'uniqueness',
  'scim.too_many': 'tooMany',
}

export interface SCIMErrorBody {
  readonly schemas: readonly string[]
  readonly status: string
  readonly scimType?: string
  readonly detail: string
  readonly code: ErrorCode
}

export function mapSCIMError(error: unknown): {
  status: number
  body: SCIMErrorBody
  unexpected: boolean
} {
  const mapped = mapJSONError(error)
  const { code, message, details } = mapped.body.error
  const reason = details?.['reason']
  const scimType = SCIM_TYPES[code]
  return {
    status: mapped.status,
    unexpected: mapped.unexpected,
    body: {
      schemas: [SCHEMA.error],
      status: String(mapped.status),
      ...(scimType !== undefined && { scimType }),
      detail: typeof reason === 'string' ? `${message} ${reason}.` : message,
      code,
    },
  }
}
