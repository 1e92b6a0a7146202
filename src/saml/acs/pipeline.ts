/**
 * The ACS pipeline (STYLE rule 20): one check per file, in this order, read top to bottom. Bytes and parse
 * first; then the signature, after which every check reads only signed content; then the response's
 * binding to this connection and this browser; replay; identity last.
 */
import { AppError } from '../../errors/app-error.ts'
import type { ErrorCode } from '../../errors/codes.ts'
import { attr, children, textOf } from '../xml/dom.ts'
import { NS } from '../xml/namespaces.ts'
import { audience } from './checks/audience.ts'
import { decode } from './checks/decode.ts'
import { decrypt } from './checks/decrypt.ts'
import { destination } from './checks/destination.ts'
import { identity } from './checks/identity.ts'
import { inResponseTo } from './checks/in-response-to.ts'
import { issuer } from './checks/issuer.ts'
import { nameId } from './checks/name-id.ts'
import { parse } from './checks/parse.ts'
import { replay } from './checks/replay.ts'
import { shape } from './checks/shape.ts'
import { signature } from './checks/signature.ts'
import { solicitation } from './checks/solicitation.ts'
import { status } from './checks/status.ts'
import { subjectConfirmation } from './checks/subject-confirmation.ts'
import { time } from './checks/time.ts'
import { need, type ACSContext, type ACSProfile, type ValidatedAssertion } from './context.ts'
import type { ACSPorts } from './ports.ts'

export interface ACSCheck {
  readonly name: string
  readonly run: (ctx: ACSContext, ports: ACSPorts) => void | Promise<void>
  /** When it fails, later checks cannot run (they need what it establishes). */
  readonly foundational: boolean
}

export const ACS_CHECKS: readonly ACSCheck[] = [
  { name: 'decode', run: decode, foundational: true },
  { name: 'parse', run: parse, foundational: true },
  { name: 'shape', run: shape, foundational: true },
  { name: 'decrypt', run: decrypt, foundational: true },
  { name: 'solicitation', run: solicitation, foundational: true },
  { name: 'signature', run: signature, foundational: true },
  { name: 'issuer', run: issuer, foundational: false },
  { name: 'status', run: status, foundational: false },
  { name: 'audience', run: audience, foundational: false },
  { name: 'destination', run: destination, foundational: false },
  { name: 'subject-confirmation', run: subjectConfirmation, foundational: true },
  { name: 'time', run: time, foundational: true },
  { name: 'name-id', run: nameId, foundational: true },
  { name: 'in-response-to', run: inResponseTo, foundational: true },
  { name: 'replay', run: replay, foundational: false },
  { name: 'identity', run: identity, foundational: false },
]

export interface ACSInput {
  readonly profile: ACSProfile
  readonly samlResponse: string
  readonly bindingHash: string | undefined
  readonly now: number
}

export interface CheckFailure {
  readonly check: string
  readonly code: ErrorCode
  readonly detail: string | undefined
}

export interface ACSOutcome {
  readonly assertion: ValidatedAssertion | undefined
  readonly userId: string | undefined
  readonly pending: ACSContext['pending']
  /** Every failed check, in order (one unless `collect`). */
  readonly failures: readonly CheckFailure[]
  /** Full signature verifications tried: at most two signatures × MAX_PINNED_CERTIFICATES. */
  readonly signatureAttempts: number
}

/**
 * Runs the checks. By default the first failure throws its AppError; with `collect` (the connection
 * test) it goes on past failures that later checks do not depend on and reports them all.
 * An unsolicited response throws UnsolicitedResponse in either mode.
 */
export async function validateSAMLResponse(
  input: ACSInput,
  ports: ACSPorts,
  options: { collect?: boolean } = {},
): Promise<ACSOutcome> {
  const ctx: ACSContext = {
    profile: input.profile,
    now: input.now,
    encoded: input.samlResponse,
    bindingHash: input.bindingHash,
    signatureAttempts: 0,
  }
  const failures: CheckFailure[] = []
  for (const check of ACS_CHECKS) {
    try {
      await check.run(ctx, ports)
    } catch (error) {
      if (!(error instanceof AppError) || !options.collect) throw error
      failures.push({ check: check.name, code: error.code, detail: error.detail })
      if (check.foundational) break
    }
  }
  return {
    assertion: failures.length === 0 ? summarize(ctx) : partialSummary(ctx),
    userId: ctx.userId,
    pending: ctx.pending,
    failures,
    signatureAttempts: ctx.signatureAttempts,
  }
}

function summarize(ctx: ACSContext): ValidatedAssertion {
  const assertion = need(ctx.signedAssertion, 'signed assertion')
  const nameIdValue = need(ctx.nameId, 'NameID')
  const statement = children(assertion, NS.assertion, 'AuthnStatement')[0]
  const sessionEnd = statement && attr(statement, 'SessionNotOnOrAfter')
  const authn = statement && attr(statement, 'AuthnInstant')
  return {
    responseId: attr(need(ctx.response, 'response'), 'ID') ?? '',
    assertionId: attr(assertion, 'ID') ?? '',
    issuer: ctx.profile.idpEntityId,
    inResponseTo: need(ctx.inResponseTo, 'InResponseTo'),
    nameId: nameIdValue.value,
    nameIdFormat: nameIdValue.format,
    email: nameIdValue.email,
    emailDomain: nameIdValue.domain,
    attributes: attributesOf(assertion),
    notOnOrAfter: need(ctx.notOnOrAfter, 'NotOnOrAfter'),
    sessionNotOnOrAfter: sessionEnd === undefined ? undefined : Date.parse(sessionEnd),
    authnInstant: authn === undefined ? undefined : Date.parse(authn),
    signature: need(ctx.signature, 'signature'),
    encryption: ctx.encryption ?? { encrypted: false },
  }
}

/** What a failed connection test can still show: only values read from signed bytes. */
function partialSummary(ctx: ACSContext): ValidatedAssertion | undefined {
  if (ctx.signedAssertion === undefined || ctx.nameId === undefined) return undefined
  try {
    return {
      ...summarize({
        ...ctx,
        inResponseTo: ctx.inResponseTo ?? '',
        notOnOrAfter: ctx.notOnOrAfter ?? 0,
      }),
    }
  } catch {
    return undefined
  }
}

const MAX_ATTRIBUTE_VALUES = 2000

/** Attribute values from the signed Assertion, by attribute Name (for display and mapping, never identity). */
function attributesOf(assertion: Element): Record<string, string[]> {
  const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>
  for (const statement of children(assertion, NS.assertion, 'AttributeStatement')) {
    for (const attribute of children(statement, NS.assertion, 'Attribute')) {
      const name = attr(attribute, 'Name')
      if (name === undefined || name.length > 256) continue
      const values = children(attribute, NS.assertion, 'AttributeValue').map((v) =>
        textOf(v).slice(0, 1024),
      )
      // Bounded by the message's element limit; a role mapping keeps at most MAX_IDP_GROUPS of them.
      out[name] = [...(out[name] ?? []), ...values].slice(0, MAX_ATTRIBUTE_VALUES)
    }
  }
  return out
}
