/**
 * What the ACS pipeline may touch (`acs/ports.ts`), bound to storage: the pending request consumed once,
 * the shared replay cache, users and verified domains. A connection test's failed response is read with
 * ports that consume and remember nothing, so only its result is recorded.
 */
import type { DomainRepository } from '../../domains/domain-repository.ts'
import type { UserRepository } from '../../users/user-repository.ts'
import type { DecryptionKey } from '../../saml/encryption/decrypt.ts'
import type { SigningKeyRepository } from '../../oidc/signing-key-repository.ts'
import type { ACSPorts } from '../../saml/acs/ports.ts'
import type { ACSProfile } from '../../saml/acs/context.ts'
import { spEndpoints, type SSOProfile } from '../../sso-profiles/sso-profile.ts'
import type { SAMLRequest } from '../../saml/saml-request.ts'
import type { SAMLRequestRepository } from '../../saml/saml-request-repository.ts'

export interface ACSPortRepos {
  readonly samlRequests: SAMLRequestRepository
  readonly users: UserRepository
  readonly domains: DomainRepository
  readonly signingKeys: SigningKeyRepository
}

/** Turns key rows into decryption keys (the signing-key service, which memoizes the parsing). */
export interface DecryptionKeySource {
  decryptionKeys(repo: SigningKeyRepository): Promise<DecryptionKey[]>
}

export function portsOf(repos: ACSPortRepos, now: number, keys: DecryptionKeySource): ACSPorts {
  return {
    consumePendingRequest: async (profileId, requestId, bindingHash) => {
      if (bindingHash === undefined) return undefined
      const request = await repos.samlRequests.consume(profileId, requestId, bindingHash, now)
      return request && pendingMatch(request)
    },
    recordAssertion: (issuer, assertionId, expiresAt) =>
      repos.samlRequests.recordAssertion(issuer, assertionId, expiresAt),
    ...lookups(repos, keys),
  }
}

export function readOnlyPorts(
  repos: ACSPortRepos,
  pending: SAMLRequest,
  keys: DecryptionKeySource,
): ACSPorts {
  return {
    consumePendingRequest: async (_profileId, requestId) =>
      requestId === pending.id ? { ...pendingMatch(pending), loginTransactionId: null } : undefined,
    recordAssertion: async () => true,
    ...lookups(repos, keys),
  }
}

function pendingMatch(request: SAMLRequest) {
  return {
    requestId: request.id,
    profileId: request.profileId,
    purpose: request.purpose,
    loginTransactionId: request.loginTransactionId,
    startedBy: request.actor,
  }
}

function lookups(
  repos: ACSPortRepos,
  keys: DecryptionKeySource,
): Pick<ACSPorts, 'findUser' | 'isVerifiedDomain' | 'decryptionKeys'> {
  return {
    // Read in the ACS's own transaction: on SQLite a read beside it would wait for it to end.
    decryptionKeys: () => keys.decryptionKeys(repos.signingKeys),
    findUser: (orgId, email) => repos.users.findByEmail(orgId, email),
    isVerifiedDomain: async (orgId, domain) =>
      (await repos.domains.findVerifiedByName(domain))?.orgId === orgId,
  }
}

/**
 * The connection a response is checked against, from the profile the ACS URL names. The clock skew is
 * the profile's, never more than the deployment's maximum now (a profile saved before the operator
 * lowered it is held to the new bound here, where every response is checked).
 */
export function acsProfile(
  profile: SSOProfile,
  publicUrl: string,
  maxClockSkewSeconds: number,
): ACSProfile {
  const sp = spEndpoints(publicUrl, profile.id)
  return {
    id: profile.id,
    orgId: profile.orgId,
    idpEntityId: profile.idpEntityId ?? '',
    spEntityId: sp.entityId,
    acsUrl: sp.acsUrl,
    certificates: profile.certificates.map((c) => c.pem),
    signaturePolicy: profile.signaturePolicy,
    assertionEncryption: profile.assertionEncryption,
    clockSkewMs: Math.min(profile.clockSkewSeconds, maxClockSkewSeconds) * 1000,
  }
}
