/**
 * The signature check's work is bounded (an anonymous ACS request must not stall every tenant): it
 * counts full verifications, tries only the pinned certificate KeyInfo names when it names one, never
 * more than MAX_PINNED_CERTIFICATES, and KeyInfo still never supplies a key (I2). Measures nothing.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MAX_PINNED_CERTIFICATES } from '../../../src/saml/certificates.ts'
import { buildResponse, connection, K_A, K_B, K_X, sign, testKey } from '../../helpers/saml.ts'
import { NOW, run } from './acs-harness.ts'

const others = [K_B, testKey('idp-a-next'), testKey('idp-a-old'), testKey('attacker-clone')]
/** K_A pinned last, behind four other certificates: the cap. */
const full = connection('a', { certificates: [...others.map((k) => k.cert), K_A.cert] })
const stripKeyInfo = (xml: string) => xml.replace(/<ds:KeyInfo>[\s\S]*?<\/ds:KeyInfo>/g, '')

describe('saml: signature work per ACS request', () => {
  it('pins at most five certificates', () => {
    assert.equal(MAX_PINNED_CERTIFICATES, 5)
    assert.equal(full.certificates.length, MAX_PINNED_CERTIFICATES)
  })

  it('tries only the pinned certificate that KeyInfo names', async () => {
    const xml = sign(buildResponse({ conn: full, now: NOW }), 'assertion')
    const outcome = await run(full, xml, undefined, { collect: true })
    assert.deepEqual(outcome.failures, [])
    assert.equal(outcome.signatureAttempts, 1)
  })

  it('tries each pinned certificate once when KeyInfo names none, and still accepts', async () => {
    const xml = stripKeyInfo(sign(buildResponse({ conn: full, now: NOW }), 'assertion'))
    const outcome = await run(full, xml, undefined, { collect: true })
    assert.deepEqual(outcome.failures, [])
    assert.equal(outcome.signatureAttempts, MAX_PINNED_CERTIFICATES)
  })

  it('refuses an unpinned key after at most the cap, whatever KeyInfo says', async () => {
    for (const xml of [
      sign(buildResponse({ conn: full, now: NOW }), 'both', { key: K_X }),
      stripKeyInfo(sign(buildResponse({ conn: full, now: NOW }), 'both', { key: K_X })),
    ]) {
      const outcome = await run(full, xml, undefined, { collect: true })
      assert.equal(outcome.failures[0]?.code, 'saml.signature_invalid')
      assert.equal(outcome.signatureAttempts, MAX_PINNED_CERTIFICATES)
    }
  })

  it('never tries more than the cap, even if a profile somehow carried more', async () => {
    const extra = testKey('expired')
    const overfull = connection('a', {
      certificates: [...full.certificates.slice(0, 4), extra.cert, extra.cert, K_A.cert],
    })
    const xml = stripKeyInfo(sign(buildResponse({ conn: overfull, now: NOW }), 'assertion'))
    const outcome = await run(overfull, xml, undefined, { collect: true })
    assert.equal(outcome.signatureAttempts, MAX_PINNED_CERTIFICATES)
    assert.equal(outcome.failures[0]?.code, 'saml.signature_invalid')
  })

  it('does not trust a KeyInfo certificate that is not pinned (SIG-21 still holds)', async () => {
    const xml = sign(buildResponse({ conn: full, now: NOW }), 'assertion', { key: K_X })
    const outcome = await run(full, xml, undefined, { collect: true })
    assert.equal(outcome.failures[0]?.code, 'saml.signature_invalid')
  })
})
