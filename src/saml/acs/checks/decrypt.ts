/**
 * Check 3b: an encrypted assertion is decrypted (issue 28), then checked like any other — this check only
 * turns ciphertext into the Assertion the later checks read; it trusts nothing in it. Before any
 * cryptography the envelope must pass the allowlist (`encryption/envelope.ts`). AES-CBC, which has no
 * integrity of its own, is decrypted only after the Response's signature over the ciphertext verified;
 * AES-GCM authenticates itself. The plaintext goes through the same hardened parser (no DOCTYPE, size and
 * depth limits) and the same shape rules as a plaintext assertion. Nothing happens for a plaintext one.
 */
import { decryptEnvelope, parseDecryptedAssertion } from '../../encryption/decrypt.ts'
import { readEnvelope } from '../../encryption/envelope.ts'
import { onlyChild } from '../../xml/dom.ts'
import { NS } from '../../xml/namespaces.ts'
import { fail, need, type ACSContext } from '../context.ts'
import type { ACSPorts } from '../ports.ts'
import { checkDecryptedAssertion } from './shape.ts'
import { verifyResponseSignature } from './signature.ts'

export async function decrypt(ctx: ACSContext, ports: ACSPorts): Promise<void> {
  const encrypted = ctx.encryptedAssertion
  if (encrypted === undefined) return
  const response = need(ctx.response, 'response')
  const envelope = readEnvelope(encrypted)
  if (!envelope.authenticated) {
    if (onlyChild(response, NS.dsig, 'Signature') === undefined) {
      throw fail(
        'saml.encryption_algorithm',
        'AES-CBC is accepted only in a signed response: sign the response too, or encrypt with AES-GCM',
      )
    }
    await verifyResponseSignature(ctx)
  }
  const plaintext = await decryptEnvelope(envelope, await ports.decryptionKeys())
  const assertion = parseDecryptedAssertion(plaintext, encrypted)
  checkDecryptedAssertion(assertion, response)
  ctx.receivedAssertion = assertion
  ctx.encryption = {
    encrypted: true,
    dataAlgorithm: envelope.dataAlgorithm,
    keyTransport: envelope.keyTransport,
  }
}
