/**
 * What the SAML benchmarks share: a verified domain written straight to the database (no DNS here),
 * Entra ID's usual claims, and signed responses that each answer a pending request of one browser.
 */
import { hashSecret } from '../src/platform/crypto.ts'
import { newId } from '../src/platform/random.ts'
import type { ACSProfile } from '../src/saml/acs/context.ts'
import type { Database } from '../src/storage/database.ts'
import type { Store } from '../src/platform/store.ts'
import type { SAMLRequestRepository } from '../src/saml/saml-request-repository.ts'
import { encrypt } from 'xml-encryption'
import { buildResponse, encode, sign } from '../test/helpers/saml.ts'

export async function insertVerifiedDomain(
  database: Database,
  orgId: string,
  name: string,
  now: number,
): Promise<void> {
  await database.db
    .insertInto('domains')
    .values({
      id: newId(),
      org_id: orgId,
      name,
      status: 'verified',
      verification_token: 't',
      created_at: now,
      updated_at: now,
    })
    .execute()
}

/** The claims Entra ID sends by default, plus `groups` group claims (each adds ~200 bytes). */
export function entraAttributes(email: string, groups = 0): Record<string, string> {
  return {
    email,
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname': 'Ada',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname': 'Lovelace',
    'http://schemas.microsoft.com/identity/claims/displayname': 'Ada Lovelace',
    'http://schemas.microsoft.com/identity/claims/tenantid': '4f0c1f5e-8a3f-4b53-9f8d-2f1f6c6d9a11',
    'http://schemas.microsoft.com/identity/claims/objectidentifier':
      'b2a1e9f0-6d1c-4e0e-8b4f-7a1a9f3c2d10',
    'http://schemas.microsoft.com/claims/authnmethodsreferences':
      'http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password',
    ...Object.fromEntries(
      Array.from({ length: groups }, (_, i) => [
        `http://schemas.microsoft.com/ws/2008/06/identity/claims/groups/${i}`,
        `0b7c${i}e2d-6f1a-4c8e-9d3b-7e5a1c2f4b6${i}`,
      ]),
    ),
  }
}

/**
 * `count` responses signed twice (response and assertion) for `email`, each answering its own pending
 * login request bound to the browser whose binding secret is `browser`. Returned base64-encoded.
 */
export async function pendingResponses(
  store: Store<{ samlRequests: SAMLRequestRepository }>,
  conn: ACSProfile,
  options: {
    readonly count: number
    readonly now: number
    readonly browser: string
    readonly email: string
    readonly attributes: Record<string, string>
    /** Encrypt each assertion to this SP certificate (AES-256-GCM, RSA-OAEP), signed before and after. */
    readonly encryptTo?: string
  },
): Promise<string[]> {
  const { now } = options
  const responses: string[] = []
  for (let i = 0; i < options.count; i++) {
    const requestId = `_req${i}_${newId().replace(/-/g, '')}`
    await store.read.samlRequests.insert({
      id: requestId,
      orgId: conn.orgId,
      profileId: conn.id,
      bindingHash: hashSecret(options.browser),
      purpose: 'login',
      loginTransactionId: null,
      createdAt: now,
      expiresAt: now + 3600_000,
      consumedAt: null,
      actor: null,
    })
    const xml = buildResponse({
      conn,
      now,
      nameId: options.email,
      inResponseTo: requestId,
      attributes: options.attributes,
    })
    responses.push(
      encode(
        options.encryptTo === undefined
          ? sign(xml, 'both')
          : sign(
              await encryptAssertion(sign(selfContained(xml), 'assertion'), options.encryptTo),
              'response',
            ),
      ),
    )
  }
  return responses
}

/** The assertion declares its own namespace, as IdPs write one they will encrypt (node-saml needs it). */
function selfContained(xml: string): string {
  return xml.replace(
    '<saml:Assertion ',
    '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ',
  )
}

/** The response with its (signed) assertion replaced by an EncryptedAssertion to `certificatePem`. */
async function encryptAssertion(xml: string, certificatePem: string): Promise<string> {
  const start = xml.indexOf('<saml:Assertion')
  const end = xml.indexOf('</saml:Assertion>') + '</saml:Assertion>'.length
  const encrypted = await new Promise<string>((resolve, reject) =>
    encrypt(
      xml.slice(start, end),
      {
        rsa_pub: certificatePem,
        pem: certificatePem,
        encryptionAlgorithm: 'http://www.w3.org/2009/xmlenc11#aes256-gcm',
        keyEncryptionAlgorithm: 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    ),
  )
  return `${xml.slice(0, start)}<saml:EncryptedAssertion>${encrypted.trim()}</saml:EncryptedAssertion>${xml.slice(end)}`
}
