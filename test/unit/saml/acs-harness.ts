/**
 * Harness for the ACS pipeline's table-driven tests: one valid baseline per signing variant, mutators
 * that change the signed string, and ports holding one pending request for one browser. The HTTP suite
 * repeats the flow against the database; here the validator alone is under test.
 */
import { hashSecret } from '../../../src/platform/crypto.ts'
import type { ACSProfile } from '../../../src/saml/acs/context.ts'
import type { ACSPorts, PendingRequestMatch } from '../../../src/saml/acs/ports.ts'
import { validateSAMLResponse, type ACSOutcome } from '../../../src/saml/acs/pipeline.ts'
import type { DecryptionKey } from '../../../src/saml/encryption/decrypt.ts'
import { SP_ENCRYPTION } from '../../helpers/saml-encryption.ts'

export const NOW = Date.parse('2026-11-28T12:00:00.000Z')
export const BROWSER = 'browser-secret-of-the-victim'
export const REQUEST_ID = '_request1'

export interface HarnessPorts extends ACSPorts {
  readonly seen: Set<string>
}

/** Ports for one connection: one pending request bound to BROWSER; users in orga.test. */
export function portsFor(profile: ACSProfile, users: Record<string, string> = {}): HarnessPorts {
  const pending = new Map<string, PendingRequestMatch>([
    [
      REQUEST_ID,
      { requestId: REQUEST_ID, profileId: profile.id, purpose: 'login', loginTransactionId: 'tx1' },
    ],
  ])
  const seen = new Set<string>()
  const directory: Record<string, string> = {
    'mallory@orga.test': 'active',
    'ceo@orga.test': 'active',
    'ceo@orga.test.evil.test': 'active',
    ...users,
  }
  return {
    seen,
    consumePendingRequest: async (profileId, requestId, bindingHash) => {
      const match = pending.get(requestId)
      if (
        match === undefined ||
        match.profileId !== profileId ||
        bindingHash !== hashSecret(BROWSER)
      )
        return undefined
      pending.delete(requestId)
      return match
    },
    recordAssertion: async (issuer, assertionId) => {
      const key = `${issuer} ${assertionId}`
      if (seen.has(key)) return false
      seen.add(key)
      return true
    },
    findUser: async (_orgId, email) => {
      const entry = directory[email]
      if (entry === undefined) return undefined
      // "sso-disabled" marks an active user whose SSO override is disabled.
      return entry === 'sso-disabled'
        ? { id: `user:${email}`, status: 'active', ssoOverride: 'disabled' }
        : { id: `user:${email}`, status: entry, ssoOverride: 'none' }
    },
    isVerifiedDomain: async (_orgId, domain) => domain === 'orga.test',
    decryptionKeys: async () => [SP_ENCRYPTION.decryptionKey],
  }
}

export function run(
  profile: ACSProfile,
  xml: string,
  ports: ACSPorts = portsFor(profile),
  options: {
    now?: number
    browser?: string | undefined
    encoded?: string
    collect?: boolean
    /** The SP's decryption keys; the test SP key by default. */
    keys?: readonly DecryptionKey[]
  } = {},
): Promise<ACSOutcome> {
  const browser = 'browser' in options ? options.browser : BROWSER
  return validateSAMLResponse(
    {
      profile,
      samlResponse: options.encoded ?? Buffer.from(xml, 'utf8').toString('base64'),
      bindingHash: browser === undefined ? undefined : hashSecret(browser),
      now: options.now ?? NOW,
    },
    options.keys === undefined
      ? ports
      : { ...ports, decryptionKeys: async () => options.keys ?? [] },
    { collect: options.collect ?? false },
  )
}
