/** What a connection test shows and records (SPEC §4 "test the connection"), built from the ACS outcome. */
import { AppError } from '../errors/app-error.ts'
import type { ACSOutcome, CheckFailure } from '../saml/acs/pipeline.ts'
import { mapNames, type MappedNames } from './attribute-mapping.ts'
import type { AttributeMapping } from './sso-profile.ts'

export interface TestResult {
  readonly passed: boolean
  readonly testedAt: number
  readonly nameId: string | null
  readonly email: string | null
  readonly issuer: string | null
  readonly attributes: Readonly<Record<string, readonly string[]>>
  readonly signature: Readonly<Record<string, unknown>> | null
  /** Whether the assertion came encrypted, and with which algorithms (null when nothing was read). */
  readonly encryption: Readonly<Record<string, unknown>> | null
  readonly failures: readonly CheckFailure[]
  /** What the attribute mapping does with these attributes: the names it would set, what it ignores. */
  readonly mapping: {
    readonly attributeMapping: AttributeMapping
    readonly wouldSet: MappedNames['names']
    readonly ignored: MappedNames['ignored']
    readonly missing: MappedNames['missing']
  }
}

export function testResult(
  outcome: ACSOutcome,
  now: number,
  attributeMapping: AttributeMapping,
): TestResult {
  const a = outcome.assertion
  const mapped = mapNames(attributeMapping, a?.attributes ?? {})
  return {
    passed: outcome.failures.length === 0 && a !== undefined,
    testedAt: now,
    nameId: a?.nameId ?? null,
    email: a?.email ?? null,
    issuer: a?.issuer ?? null,
    attributes: a?.attributes ?? {},
    signature: a ? { ...a.signature } : null,
    encryption: a ? { ...a.encryption } : null,
    failures: outcome.failures,
    mapping: {
      attributeMapping: { ...attributeMapping },
      wouldSet: mapped.names,
      ignored: mapped.ignored,
      missing: mapped.missing,
    },
  }
}

export function failureOf(error: unknown): CheckFailure {
  return error instanceof AppError
    ? { check: 'response', code: error.code, detail: error.detail }
    : { check: 'response', code: 'internal_error', detail: undefined }
}
