/**
 * Signing keys, generated on first start and stored in the database. One key per purpose is `active`
 * (signs); the previous ones stay `published` (verify only, in the JWKS) until retired, so rotation has
 * an overlap.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose'
import type { Clock } from '../platform/clock.ts'
import { selfSignedCertificate } from '../platform/self-signed-certificate.ts'

export const KEY_STATES = ['active', 'published', 'retired'] as const
export type KeyState = (typeof KEY_STATES)[number]

/**
 * `oidc` signs ID tokens with RS256 (what OIDC requires every provider to offer); `oidc-es256` and
 * `oidc-eddsa` sign them for clients registered with those algorithms; `saml` signs what the SP sends;
 * `saml-encryption` decrypts the assertions IdPs encrypt to the SP (RSA-OAEP key transport).
 */
export const KEY_PURPOSES = ['oidc', 'oidc-es256', 'oidc-eddsa', 'saml', 'saml-encryption'] as const
export type KeyPurpose = (typeof KEY_PURPOSES)[number]

export const ID_TOKEN_ALGS = ['RS256', 'ES256', 'EdDSA'] as const
export type IDTokenAlg = (typeof ID_TOKEN_ALGS)[number]
export type SigningAlg = IDTokenAlg
/** What a key does: a signing algorithm, or RSA-OAEP for the SAML encryption key. */
export type KeyAlg = SigningAlg | 'RSA-OAEP'

/** The key purpose that signs ID tokens with `alg`. */
export function purposeForAlg(alg: IDTokenAlg): KeyPurpose {
  return alg === 'ES256' ? 'oidc-es256' : alg === 'EdDSA' ? 'oidc-eddsa' : 'oidc'
}

/** Every purpose whose keys the JWKS publishes. */
export const OIDC_PURPOSES: readonly KeyPurpose[] = ['oidc', 'oidc-es256', 'oidc-eddsa']

function algForPurpose(purpose: KeyPurpose): KeyAlg {
  if (purpose === 'saml-encryption') return 'RSA-OAEP'
  return purpose === 'oidc-es256' ? 'ES256' : purpose === 'oidc-eddsa' ? 'EdDSA' : 'RS256'
}

/**
 * The SAML encryption key is RSA-2048, what IdPs expect of an SP encryption certificate and NIST SP
 * 800-57 accepts through 2030: its one private operation per encrypted sign-in costs 0.34 ms against
 * 1.13 ms for RSA-3072 on the reference machine, which is what keeps an encrypted ACS within 1.5x of a
 * plaintext one. Signing keys stay RSA-3072.
 */
function newKeyPair(purpose: KeyPurpose) {
  if (purpose === 'oidc-es256') return generateKeyPairSync('ec', { namedCurve: 'P-256' })
  if (purpose === 'oidc-eddsa') return generateKeyPairSync('ed25519')
  if (purpose === 'saml-encryption') return generateKeyPairSync('rsa', { modulusLength: 2048 })
  return generateKeyPairSync('rsa', { modulusLength: 3072 })
}

/** Purposes whose keys SAML metadata publishes as certificates. */
const CERTIFIED_PURPOSES: readonly KeyPurpose[] = ['saml', 'saml-encryption']

/** SP certificates are only a key container for metadata; IdPs pin them, so they live long. */
const CERTIFICATE_LIFETIME_MS = 10 * 365 * 24 * 3600_000

export interface SigningKey {
  readonly kid: string
  readonly purpose: KeyPurpose
  readonly alg: KeyAlg
  readonly privateKeyPem: string
  readonly publicKeyPem: string
  /** Self-signed certificate of the key, for SAML metadata; null for OIDC keys. */
  readonly certificatePem: string | null
  readonly state: KeyState
  readonly createdAt: number
  readonly updatedAt: number
}

export async function generateSigningKey(clock: Clock, purpose: KeyPurpose): Promise<SigningKey> {
  const { privateKey, publicKey } = newKeyPair(purpose)
  const jwk = await exportJWK(publicKey)
  const now = clock.now()
  return {
    kid: await calculateJwkThumbprint(jwk, 'sha256'),
    purpose,
    alg: algForPurpose(purpose),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    certificatePem: CERTIFIED_PURPOSES.includes(purpose)
      ? selfSignedCertificate(
          privateKey,
          publicKey,
          purpose === 'saml' ? 'Portcullis SAML SP' : 'Portcullis SAML SP encryption',
          now - 60_000,
          now + CERTIFICATE_LIFETIME_MS,
        )
      : null,
    state: 'active',
    createdAt: now,
    updatedAt: now,
  }
}

/** The public JWK of a key, as published at the JWKS endpoint. */
export async function publicJWK(key: SigningKey): Promise<JWK> {
  const jwk = await exportJWK(createPublicKey(key.publicKeyPem))
  return { ...jwk, kid: key.kid, alg: key.alg, use: 'sig' }
}
