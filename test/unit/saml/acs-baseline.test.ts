/** Positive controls: every signing variant the IdPs use is accepted, and what comes out is signed data. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ACS_CHECKS } from '../../../src/saml/acs/pipeline.ts'
import { UnsolicitedResponse } from '../../../src/saml/acs/checks/solicitation.ts'
import { buildResponse, connection, sign } from '../../helpers/saml.ts'
import { NOW, portsFor, run } from './acs-harness.ts'

const connA = connection('a')

describe('saml: ACS pipeline positive controls', () => {
  for (const target of ['assertion', 'both'] as const) {
    it(`accepts a valid response with the ${target} signed`, async () => {
      const xml = sign(
        buildResponse({ conn: connA, now: NOW, nameId: 'Mallory@OrgA.test' }),
        target,
      )
      const outcome = await run(connA, xml)
      assert.deepEqual(outcome.failures, [])
      assert.equal(outcome.assertion?.email, 'mallory@orga.test')
      assert.equal(outcome.assertion?.signature.responseSigned, target === 'both')
      assert.equal(outcome.userId, 'user:mallory@orga.test')
      assert.equal(outcome.pending?.loginTransactionId, 'tx1')
    })
  }

  it('accepts a twice-signed response whose Assertion signature names inclusive prefixes declared above it', async () => {
    // The Okta / AD FS shape: xs is declared on the Response and used only in xsi:type values, so the
    // Response's exclusive c14n drops it while the Assertion's PrefixList pulls it in from the context.
    const xml = buildResponse({ conn: connA, now: NOW, nameId: 'Mallory@OrgA.test' })
      .replace(
        '<samlp:Response ',
        '<samlp:Response xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ',
      )
      .replaceAll('<saml:AttributeValue>', '<saml:AttributeValue xsi:type="xs:string">')
    const signed = sign(sign(xml, 'assertion', { inclusivePrefixes: ['xs'] }), 'response')
    assert.match(signed, /PrefixList="xs"/)
    const outcome = await run(connA, signed)
    assert.deepEqual(outcome.failures, [])
    assert.equal(outcome.assertion?.email, 'mallory@orga.test')
    assert.equal(outcome.assertion?.signature.responseSigned, true)
  })

  it('accepts only the response that the profile policy "both" requires signed twice', async () => {
    const both = connection('a', { signaturePolicy: 'both' })
    const ok = await run(both, sign(buildResponse({ conn: both, now: NOW }), 'both'))
    assert.deepEqual(ok.failures, [])
    await assert.rejects(run(both, sign(buildResponse({ conn: both, now: NOW }), 'assertion')), {
      code: 'saml.signature_missing',
    })
  })

  it('accepts a rotated key while both are pinned (SIG-26)', async () => {
    const { testKey } = await import('../../helpers/saml.ts')
    const next = testKey('idp-a-next')
    const rotating = connection('a', {
      certificates: [connection('a').certificates[0] as string, next.cert],
    })
    const xml = sign(buildResponse({ conn: rotating, now: NOW }), 'assertion', { key: next })
    assert.deepEqual((await run(rotating, xml)).failures, [])
  })

  it('turns a response with no InResponseTo anywhere into an unsolicited one (PRO-04)', async () => {
    const xml = sign(buildResponse({ conn: connA, now: NOW, inResponseTo: null }), 'assertion')
    await assert.rejects(run(connA, xml), UnsolicitedResponse)
  })

  it('runs its checks in the documented order', () => {
    assert.deepEqual(
      ACS_CHECKS.map((c) => c.name),
      [
        'decode',
        'parse',
        'shape',
        'decrypt',
        'solicitation',
        'signature',
        'issuer',
        'status',
        'audience',
        'destination',
        'subject-confirmation',
        'time',
        'name-id',
        'in-response-to',
        'replay',
        'identity',
      ],
    )
  })

  it('accepts the response once and refuses the replay (PRO-01)', async () => {
    const ports = portsFor(connA)
    const xml = sign(buildResponse({ conn: connA, now: NOW }), 'assertion')
    await run(connA, xml, ports)
    await assert.rejects(run(connA, xml, ports), { code: 'saml.in_response_to_mismatch' })
  })
})
