/** What a connection test shows and records (SPEC §4 "test the connection"), built from the ACS outcome. */
import { AppError } from '../errors/app-error.ts'
import type { ACSOutcome, CheckFailure } from './acs/pipeline.ts'

export interface TestResult {
  readonly passed: boolean
  readonly testedAt: number
  readonly nameId: string | null
  readonly email: string | null
  readonly issuer: string | null
  readonly attributes: Readonly<Record<string, readonly string[]>>
  readonly signature: Readonly<Record<string, unknown>> | null
  readonly failures: readonly CheckFailure[]
}

export function testResult(outcome: ACSOutcome, now: number): TestResult {
  const a = outcome.assertion
  return {
    passed: outcome.failures.length === 0 && a !== undefined,
    testedAt: now,
    nameId: a?.nameId ?? null,
    email: a?.email ?? null,
    issuer: a?.issuer ?? null,
    attributes: a?.attributes ?? {},
    signature: a ? { ...a.signature } : null,
    failures: outcome.failures,
  }
}

export function failureOf(error: unknown): CheckFailure {
  return error instanceof AppError
    ? { check: 'response', code: error.code, detail: error.detail }
    : { check: 'response', code: 'internal_error', detail: undefined }
}
