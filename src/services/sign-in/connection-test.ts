/**
 * The ACS side of a connection test (SPEC §4): what the IdP sent is recorded on the profile — every failed
 * check, not only the first — and audited as the test of the admin who started it. No session is made.
 */
import type { Actor } from '../../audit/audit-event.ts'
import { auditEvent } from '../../audit/audit-log.ts'
import { anonymousActor, type RequestContext } from '../../audit/request-context.ts'
import { AppError } from '../../errors/app-error.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Store } from '../../platform/store.ts'
import type { SSOProfile } from '../../sso-profiles/sso-profile.ts'
import { validateSAMLResponse, type ACSOutcome } from '../../saml/acs/pipeline.ts'
import { readOnlyPorts, type DecryptionKeySource } from './acs-ports.ts'
import { peekInResponseTo } from '../../saml/peek.ts'
import type { ACSRequest, ACSResult, SAMLRepos } from './acs-request.ts'
import { failureOf, testResult } from '../../sso-profiles/test-result.ts'
import { presetForAttributes, PRESETS } from '../../sso-profiles/attribute-mapping.ts'

/** Records a connection test's result on the profile and audits it as the admin's who started it. */
export async function recordTest(
  repos: Pick<SAMLRepos, 'ssoProfiles' | 'audit'>,
  clock: Clock,
  profile: SSOProfile,
  outcome: ACSOutcome,
  startedBy: Actor | null | undefined,
  context: RequestContext,
  /** `profile` carries metadata held for approval: passing the test applies it. */
  staged = false,
): Promise<ACSResult> {
  const now = clock.now()
  // The first passing test that shows whose claims these are chooses the mapping, while none is set.
  const detected =
    Object.keys(profile.attributeMapping).length === 0 &&
    outcome.failures.length === 0 &&
    outcome.assertion !== undefined
      ? presetForAttributes(outcome.assertion.attributes)
      : undefined
  const attributeMapping =
    detected === undefined ? profile.attributeMapping : { ...PRESETS[detected] }
  const result = testResult(outcome, now, attributeMapping)
  const approve = staged && result.passed && profile.stagedMetadata !== null
  await repos.ssoProfiles.update(
    profile.orgId,
    profile.id,
    {
      lastTestAt: now,
      lastTestResult: { ...result },
      ...(result.passed ? { lastTestPassedAt: now } : {}),
      ...(detected !== undefined && { attributeMapping }),
      ...(approve && {
        idpSsoUrl: profile.idpSsoUrl,
        idpMetadataXml: profile.idpMetadataXml,
        idpMetadataValidUntil: profile.idpMetadataValidUntil,
        stagedMetadata: null,
      }),
    },
    now,
  )
  if (approve) {
    await repos.ssoProfiles.setCertificates(profile.orgId, profile.id, profile.certificates, now)
    await repos.audit.insert(
      auditEvent(clock, {
        orgId: profile.orgId,
        type: 'sso.metadata_approved',
        outcome: 'success',
        actor: startedBy ?? anonymousActor(context),
        target: { type: 'sso_profile', id: profile.id },
        details: { ...profile.stagedMetadata?.changes },
      }),
    )
  }
  await repos.audit.insert(
    auditEvent(clock, {
      orgId: profile.orgId,
      type: result.passed ? 'sso.test_passed' : 'sso.test_failed',
      outcome: result.passed ? 'success' : 'failure',
      reasonCode: result.failures[0]?.code ?? null,
      // The admin who started the test; the browser that brought the answer is in the details.
      actor: startedBy ?? anonymousActor(context),
      target: { type: 'sso_profile', id: profile.id },
      details: {
        failures: result.failures.map((f) => ({ ...f })),
        email: result.email,
        ...(detected !== undefined && {
          attributeMappingPreset: detected,
          attributeMapping: { from: { ...profile.attributeMapping }, to: { ...attributeMapping } },
        }),
        from: { ip: context.ip, userAgent: context.userAgent },
      },
    }),
  )
  return { kind: 'test', profileId: profile.id, result }
}

/** When a refused response answers a connection test, report every failed check instead of refusing. */
export async function failedTest(
  deps: {
    readonly store: Store<SAMLRepos>
    readonly clock: Clock
    readonly keys: DecryptionKeySource
  },
  profile: SSOProfile,
  input: Parameters<typeof validateSAMLResponse>[0],
  request: ACSRequest,
): Promise<ACSResult | undefined> {
  const { store, clock } = deps
  const requestId = peekInResponseTo(request.samlResponse)
  if (requestId === undefined || input.bindingHash === undefined) return undefined
  const pending = await store.read.samlRequests.findPending(
    profile.id,
    requestId,
    input.bindingHash,
    input.now,
  )
  if (pending?.purpose !== 'test' && pending?.purpose !== 'test_staged') return undefined
  // Read-only ports: nothing of the test is consumed or remembered but its result.
  const outcome = await validateSAMLResponse(input, readOnlyPorts(store.read, pending, deps.keys), {
    collect: true,
  }).catch((error: unknown) => ({
    assertion: undefined,
    userId: undefined,
    pending: undefined,
    failures: [failureOf(error)],
    signatureAttempts: 0,
  }))
  return store.transaction(async (repos) => {
    await repos.samlRequests.consume(profile.id, pending.id, pending.bindingHash, input.now)
    return recordTest(
      repos,
      clock,
      profile,
      {
        ...outcome,
        failures: outcome.failures.length
          ? outcome.failures
          : [failureOf(new AppError('saml.malformed_response'))],
      },
      pending.actor,
      request.context,
    )
  })
}
