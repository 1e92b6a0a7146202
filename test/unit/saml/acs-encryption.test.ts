/**
 * Encrypted assertions (issue 28) through the whole ACS pipeline, encrypted by independent
 * implementations: xmlsec1 (AES-GCM and AES-CBC with RSA-OAEP), OpenSSL for the other OAEP variants.
 * Accepted: every allowlisted combination, signed before encryption (assertion) and after (response).
 * Refused with a stable code and no side effect: PKCS#1 v1.5, 3DES, CBC outside a signed response, a
 * key not ours, tampered ciphertext, an unsigned assertion, a plaintext assertion beside the encrypted
 * one, a DOCTYPE in the plaintext, a RetrievalMethod, and what the profile's setting says no to.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { buildResponse, connection, K_A, K_X, sign } from '../../helpers/saml.ts'
import {
  encryptedAs,
  OTHER_ENCRYPTION,
  rewrapKey,
  SP_ENCRYPTION,
  SP_ENCRYPTION_NEXT,
  xmlsecEncrypt,
  type EncryptOptions,
} from '../../helpers/saml-encryption.ts'
import { xmlsecAvailable, xmlsecSign } from '../../helpers/xmlsec.ts'
import type { DecryptionKey } from '../../../src/saml/encryption/decrypt.ts'
import type { ACSProfile } from '../../../src/saml/acs/context.ts'
import { NOW, portsFor, run, type HarnessPorts } from './acs-harness.ts'

const conn = connection('a')
const signedAssertion = (c: ACSProfile = conn, key = K_A) =>
  sign(buildResponse({ conn: c, now: NOW }), 'assertion', { key })
const encrypted = (options: EncryptOptions = {}, c: ACSProfile = conn) =>
  xmlsecEncrypt(signedAssertion(c), options)
/** Signed after encryption, by xmlsec1 too. */
const responseSigned = (xml: string) => xmlsecSign(xml, 'Response', K_A)

/** Runs `xml` and says how often the keys were asked for (never, when refused before any crypto). */
async function refusedWith(
  xml: string,
  code: string,
  options: { profile?: ACSProfile; keys?: readonly DecryptionKey[] } = {},
): Promise<{ keyReads: number; ports: HarnessPorts }> {
  const profile = options.profile ?? conn
  const ports = portsFor(profile)
  let keyReads = 0
  const counting = new Proxy(options.keys ?? [SP_ENCRYPTION.decryptionKey], {
    get(target, property, receiver) {
      if (property === 'slice' || property === 'filter') keyReads++
      return Reflect.get(target, property, receiver)
    },
  })
  await assert.rejects(run(profile, xml, ports, { keys: counting }), { code })
  // No side effect: the pending request is still there, nothing entered the replay cache.
  assert.equal(ports.seen.size, 0)
  const valid = await run(profile, responseSigned(encrypted({}, profile)), ports)
  assert.deepEqual(valid.failures, [])
  return { keyReads, ports }
}

describe('saml: encrypted assertions (xmlsec1, OpenSSL)', { skip: !xmlsecAvailable() }, () => {
  for (const data of ['aes128-gcm', 'aes256-gcm'] as const) {
    for (const signedAfter of [false, true]) {
      it(`accepts RSA-OAEP + ${data}, assertion signed before${signedAfter ? ', response after' : ''}`, async () => {
        const xml = encrypted({ data })
        const outcome = await run(conn, signedAfter ? responseSigned(xml) : xml)
        assert.deepEqual(outcome.failures, [])
        assert.equal(outcome.assertion?.email, 'mallory@orga.test')
        assert.equal(outcome.userId, 'user:mallory@orga.test')
        assert.deepEqual(outcome.assertion?.encryption, {
          encrypted: true,
          dataAlgorithm: `http://www.w3.org/2009/xmlenc11#${data}`,
          keyTransport: 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
        })
        assert.equal(outcome.assertion?.signature.responseSigned, signedAfter)
      })
    }
  }

  for (const data of ['aes128-cbc', 'aes256-cbc'] as const) {
    it(`accepts ${data} only inside a response whose signature covers it`, async () => {
      const xml = encrypted({ data })
      const outcome = await run(conn, responseSigned(xml))
      assert.deepEqual(outcome.failures, [])
      assert.equal(outcome.assertion?.encryption.dataAlgorithm?.endsWith(data), true)
      const refused = await refusedWith(xml, 'saml.encryption_algorithm')
      assert.equal(refused.keyReads, 0, 'refused before any decryption')
    })
  }

  it('refuses CBC whose ciphertext was changed after the response was signed, before decrypting', async () => {
    const signed = responseSigned(encrypted({ data: 'aes128-cbc' }))
    const tampered = signed.replace(
      /(<xenc:CipherData><xenc:CipherValue>)([A-Za-z0-9+/])/g,
      (_m, open: string, c: string) => `${open}${c === 'A' ? 'B' : 'A'}`,
    )
    const { keyReads } = await refusedWith(tampered, 'saml.signature_invalid')
    assert.equal(keyReads, 0)
  })

  const variants = [
    { transport: 'rsa-oaep', oaepDigest: 'sha1', mgf1Digest: 'sha1' },
    { transport: 'rsa-oaep', oaepDigest: 'sha256', mgf1Digest: 'sha256' },
    { transport: 'rsa-oaep', oaepDigest: 'sha256', mgf1Digest: 'sha1' },
    { transport: 'rsa-oaep-mgf1p', oaepDigest: 'sha256', mgf1Digest: 'sha1' },
  ] as const
  for (const variant of variants) {
    it(`accepts key transport ${variant.transport} (OAEP ${variant.oaepDigest}, MGF1 ${variant.mgf1Digest})`, async () => {
      const outcome = await run(conn, rewrapKey(encrypted(), variant))
      assert.deepEqual(outcome.failures, [])
      assert.equal(outcome.assertion?.encryption.keyTransport?.endsWith(variant.transport), true)
    })
  }

  it('decrypts with the previous key during a rotation, and with the key the IdP names', async () => {
    const keys = [SP_ENCRYPTION_NEXT.decryptionKey, SP_ENCRYPTION.decryptionKey]
    assert.deepEqual((await run(conn, encrypted(), portsFor(conn), { keys })).failures, [])
    const named = encrypted({
      certificatePem: SP_ENCRYPTION_NEXT.certificatePem,
      nameRecipient: true,
    })
    assert.deepEqual((await run(conn, named, portsFor(conn), { keys })).failures, [])
  })

  it('refuses PKCS#1 v1.5 key transport and triple DES before any RSA operation', async () => {
    for (const options of [{ transport: 'rsa-1_5' }, { data: 'tripledes-cbc' }] as const) {
      const { keyReads } = await refusedWith(encrypted(options), 'saml.encryption_algorithm')
      assert.equal(keyReads, 0)
    }
  })

  it('refuses an assertion encrypted to a key that is not ours, with one code', async () => {
    await refusedWith(
      encrypted({ certificatePem: OTHER_ENCRYPTION.certificatePem }),
      'saml.decryption_failed',
    )
  })

  it('refuses tampered GCM ciphertext and a tampered wrapped key with the same code', async () => {
    const xml = encrypted()
    const data = xml.replace(
      /(<\/xenc:EncryptedKey><\/ds:KeyInfo><xenc:CipherData><xenc:CipherValue>)([A-Za-z0-9+/])/,
      (_m, open: string, c: string) => `${open}${c === 'A' ? 'B' : 'A'}`,
    )
    assert.notEqual(data, xml)
    await refusedWith(data, 'saml.decryption_failed')
    const key = xml.replace(
      /(<xenc:EncryptedKey>[\s\S]*?<xenc:CipherValue>)([A-Za-z0-9+/])/,
      (_m, open: string, c: string) => `${open}${c === 'A' ? 'B' : 'A'}`,
    )
    assert.notEqual(key, xml)
    await refusedWith(key, 'saml.decryption_failed')
  })

  it('refuses an unsigned assertion, in an unsigned or a signed response', async () => {
    const unsigned = xmlsecEncrypt(buildResponse({ conn, now: NOW }))
    await refusedWith(unsigned, 'saml.signature_missing')
    await refusedWith(responseSigned(unsigned), 'saml.signature_missing')
  })

  it('refuses an encrypted assertion signed by a key the connection does not pin', async () => {
    await refusedWith(xmlsecEncrypt(signedAssertion(conn, K_X)), 'saml.signature_invalid')
  })

  it('refuses a plaintext assertion beside the encrypted one, and two encrypted ones', async () => {
    const xml = encrypted()
    const extra = signedAssertion().match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)?.[0] ?? ''
    await refusedWith(
      xml.replace('</samlp:Response>', `${extra}</samlp:Response>`),
      'saml.malformed_response',
    )
    const block = /<saml:EncryptedAssertion>[\s\S]*<\/saml:EncryptedAssertion>/.exec(xml)?.[0] ?? ''
    await refusedWith(xml.replace(block, `${block}${block}`), 'saml.malformed_response')
  })

  it('refuses a decrypted DOCTYPE, and plaintext that is not one assertion', async () => {
    const response = buildResponse({ conn, now: NOW })
    const assertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(signedAssertion())?.[0] ?? ''
    await refusedWith(
      encryptedAs(response, `<!DOCTYPE x [<!ENTITY e "boom">]>${assertion}`),
      'saml.doctype_forbidden',
    )
    await refusedWith(encryptedAs(response, `${assertion}${assertion}`), 'saml.malformed_response')
    await refusedWith(encryptedAs(response, 'not xml <'), 'saml.malformed_xml')
  })

  it('refuses a RetrievalMethod, a key beside the data and a CipherReference, before any crypto', async () => {
    const xml = encrypted()
    const key = /<xenc:EncryptedKey>[\s\S]*?<\/xenc:EncryptedKey>/.exec(xml)?.[0] ?? ''
    const retrieval = xml
      .replace(
        key,
        '<ds:RetrievalMethod URI="#k1" Type="http://www.w3.org/2001/04/xmlenc#EncryptedKey"/>',
      )
      .replace(
        '</xenc:EncryptedData>',
        `</xenc:EncryptedData>${key.replace('<xenc:EncryptedKey>', '<xenc:EncryptedKey xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" Id="k1">')}`,
      )
    for (const mutated of [
      retrieval,
      xml.replace(
        /(<\/xenc:EncryptedKey><\/ds:KeyInfo><xenc:CipherData>)<xenc:CipherValue>[^<]*<\/xenc:CipherValue>/,
        '$1<xenc:CipherReference URI="https://idp.test/data"/>',
      ),
      xml.replace(key, `${key}${key}`),
    ]) {
      assert.notEqual(mutated, xml)
      const { keyReads } = await refusedWith(mutated, 'saml.encryption_invalid')
      assert.equal(keyReads, 0)
    }
  })

  it('follows the profile: off refuses encrypted, required refuses plaintext', async () => {
    const off = connection('a', { assertionEncryption: 'off' })
    await assert.rejects(run(off, encrypted({}, off)), { code: 'saml.encrypted_unsupported' })
    const required = connection('a', { assertionEncryption: 'required' })
    await assert.rejects(run(required, signedAssertion(required)), {
      code: 'saml.encryption_required',
    })
    assert.deepEqual((await run(required, encrypted({}, required))).failures, [])
    const plain = await run(off, signedAssertion(off))
    assert.deepEqual(plain.assertion?.encryption, { encrypted: false })
  })

  it('reports encryption in a connection test (collect mode), also when a later check fails', async () => {
    const late = buildResponse({ conn, now: NOW, audience: 'https://elsewhere.test' })
    const outcome = await run(conn, xmlsecEncrypt(sign(late, 'assertion')), portsFor(conn), {
      collect: true,
    })
    assert.deepEqual(
      outcome.failures.map((f) => f.code),
      ['saml.audience_mismatch'],
    )
    assert.equal(outcome.assertion?.encryption.encrypted, true)
  })
})
