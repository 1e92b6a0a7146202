/**
 * Encryption at rest for secrets the service must read back (signing private keys): AES-256-GCM with a
 * key from `SECRETS_KEY`, the row's identifier as associated data so a sealed value cannot be moved to
 * another row. Sealed values are `enc:v1:<iv>:<tag>:<ciphertext>` (base64url); anything else is legacy
 * plaintext, read as is, so a deployment can turn encryption on without a migration.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

const PREFIX = 'enc:v1:'

export interface SecretBox {
  /** Encrypts `plaintext` bound to `context`; without a key, returns it unchanged. */
  seal(plaintext: string, context: string): string
  /** Decrypts a sealed value bound to `context`; plaintext passes through. Throws on tampering. */
  open(stored: string, context: string): string
}

/** `key` is 32 bytes, or undefined for no encryption (legacy plaintext rows still read). */
export function createSecretBox(key: Buffer | undefined): SecretBox {
  if (key !== undefined && key.length !== 32) throw new RangeError('secret key must be 32 bytes')
  return {
    seal(plaintext, context) {
      if (key === undefined) return plaintext
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      cipher.setAAD(Buffer.from(context, 'utf8'))
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
      return (
        PREFIX + [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url')).join(':')
      )
    },
    open(stored, context) {
      if (!stored.startsWith(PREFIX)) return stored
      if (key === undefined) {
        throw new Error('a stored secret is encrypted but SECRETS_KEY is not set')
      }
      const parts = stored.slice(PREFIX.length).split(':')
      if (parts.length !== 3) throw new Error('malformed sealed secret')
      const [iv, tag, ciphertext] = parts.map((part) => Buffer.from(part, 'base64url')) as [
        Buffer,
        Buffer,
        Buffer,
      ]
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 })
      decipher.setAAD(Buffer.from(context, 'utf8'))
      decipher.setAuthTag(tag)
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8')
    },
  }
}
