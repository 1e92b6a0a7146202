/** Keeps one active signing key per purpose in the database, generates it on first start, rotates it. */
import { createPrivateKey, type KeyObject } from 'node:crypto'
import type { JWK } from 'jose'
import type { Clock } from '../../platform/clock.ts'
import type { SecretBox } from '../../platform/secret-box.ts'
import type { Store } from '../../platform/store.ts'
import {
  generateSigningKey,
  OIDC_PURPOSES,
  publicJWK,
  type KeyPurpose,
  type SigningKey,
} from '../../oidc/signing-key.ts'
import type { SigningKeyRepository } from '../../oidc/signing-key-repository.ts'
import type { DecryptionKey } from '../../saml/encryption/decrypt.ts'
import type { AssertionEncryption } from '../../saml/acs/context.ts'
import type { SPCertificates } from '../../saml/metadata/sp-metadata.ts'

export interface SigningKeyServiceDeps {
  readonly store: Store<{ signingKeys: SigningKeyRepository }>
  readonly clock: Clock
  /** Encrypts private keys at rest (`SECRETS_KEY`); a box without a key stores plaintext. */
  readonly secrets: SecretBox
}

export class SigningKeyService {
  readonly #deps: SigningKeyServiceDeps
  /** Parsed private keys by kid: key material never changes under a kid, so this is a pure memo. */
  readonly #parsed = new Map<string, KeyObject>()
  /** Decryption keys by kid, the same kind of memo. */
  readonly #decryption = new Map<string, DecryptionKey>()

  constructor(deps: SigningKeyServiceDeps) {
    this.#deps = deps
  }

  /** The active key of `purpose`, generating and storing one if there is none (first start). */
  async activeKey(purpose: KeyPurpose): Promise<{ key: SigningKey; privateKey: KeyObject }> {
    const { store, clock } = this.#deps
    let key = await store.read.signingKeys.findActive(purpose)
    if (key === undefined) {
      const fresh = await generateSigningKey(clock, purpose)
      // Two instances starting together: one insert wins, the other reads the winner.
      const inserted = await store.transaction(({ signingKeys }) =>
        signingKeys.insertActive(this.#sealed(fresh)),
      )
      key = inserted ? fresh : await store.read.signingKeys.findActive(purpose)
      if (key === undefined) throw new Error(`no active ${purpose} signing key after generation`)
    }
    let privateKey = this.#parsed.get(key.kid)
    if (privateKey === undefined) {
      privateKey = createPrivateKey(this.#deps.secrets.open(key.privateKeyPem, key.kid))
      this.#parsed.set(key.kid, privateKey)
    }
    return { key, privateKey }
  }

  /** Public keys to publish: the active one and those kept for the overlap. */
  async publishedJWKs(purpose: KeyPurpose): Promise<JWK[]> {
    await this.activeKey(purpose)
    const keys = await this.#deps.store.read.signingKeys.listPublished(purpose)
    return Promise.all(keys.map(publicJWK))
  }

  /** The JWKS of ID tokens: the keys of every ID-token algorithm (RS256, ES256, EdDSA). */
  async idTokenJWKs(): Promise<JWK[]> {
    const sets = await Promise.all(OIDC_PURPOSES.map((purpose) => this.publishedJWKs(purpose)))
    return sets.flat()
  }

  /** Certificates of the active and still-published keys (SAML metadata publishes both in a rotation). */
  async publishedCertificates(purpose: KeyPurpose): Promise<string[]> {
    await this.activeKey(purpose)
    const keys = await this.#deps.store.read.signingKeys.listPublished(purpose)
    return keys.flatMap((key) => (key.certificatePem === null ? [] : [key.certificatePem]))
  }

  /**
   * The SP's assertion-decryption keys: the active `saml-encryption` key and those still published for a
   * rotation's overlap (an IdP may encrypt to the previous certificate until it reads the new metadata).
   * Read through `repo` — the ACS's transaction — and never generated here: the key is made at start.
   */
  async decryptionKeys(
    repo: SigningKeyRepository = this.#deps.store.read.signingKeys,
  ): Promise<DecryptionKey[]> {
    const keys = await repo.listPublished('saml-encryption')
    return keys.flatMap((key) => {
      if (key.certificatePem === null) return []
      let parsed = this.#decryption.get(key.kid)
      if (parsed === undefined) {
        const privateKeyPem = this.#deps.secrets.open(key.privateKeyPem, key.kid)
        parsed = {
          kid: key.kid,
          certificate: key.certificatePem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''),
          privateKey: createPrivateKey(privateKeyPem),
          privateKeyPem,
        }
        this.#decryption.set(key.kid, parsed)
      }
      return [parsed]
    })
  }

  /** What a profile's SP metadata publishes: signing certificates, encryption ones only when it is on. */
  async spCertificates(profile: {
    readonly assertionEncryption: AssertionEncryption
  }): Promise<SPCertificates> {
    return {
      signing: await this.publishedCertificates('saml'),
      encryption:
        profile.assertionEncryption === 'off'
          ? []
          : await this.publishedCertificates('saml-encryption'),
    }
  }

  /** Makes a new key active; the old one stays published until `retire`. Returns the new kid. */
  async rotate(purpose: KeyPurpose): Promise<string> {
    const { store, clock } = this.#deps
    const fresh = await generateSigningKey(clock, purpose)
    await store.transaction(async ({ signingKeys }) => {
      await signingKeys.demoteActive(purpose, clock.now())
      if (!(await signingKeys.insertActive(this.#sealed(fresh))))
        throw new Error('concurrent key rotation')
    })
    return fresh.kid
  }

  #sealed(key: SigningKey): SigningKey {
    return { ...key, privateKeyPem: this.#deps.secrets.seal(key.privateKeyPem, key.kid) }
  }

  /** Stops publishing keys that no longer sign. Returns how many were retired. */
  retire(purpose: KeyPurpose): Promise<number> {
    const { store, clock } = this.#deps
    return store.transaction(({ signingKeys }) => signingKeys.retirePublished(purpose, clock.now()))
  }
}
