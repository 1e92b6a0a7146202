/**
 * The SECURITY-CASES attack catalogue, sections A–H, against the ACS pipeline: each case starts from the
 * valid baseline of acs-baseline.test.ts (its positive control) and changes one thing.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { buildResponse, connection, sign, type ResponseOptions } from '../../helpers/saml.ts'
import { NOW, portsFor, run } from './acs-harness.ts'
import { attackCases } from './attack-cases.ts'

const connA = connection('a')
const signedA = (o: Partial<ResponseOptions> = {}) =>
  sign(buildResponse({ conn: connA, now: NOW, ...o }), 'assertion')
const S = 120_000
const CASES = attackCases(connA, NOW)

describe('saml: ACS attack catalogue', () => {
  for (const c of CASES) {
    it(`${c.id}: refuses ${c.what} (${c.code})`, async () => {
      const profile = c.profile ?? connA
      await assert.rejects(
        run(profile, c.xml(), c.ports?.() ?? portsFor(profile), c.options ?? {}),
        (error: { code?: string; detail?: string }) => {
          assert.equal(error.code, c.code, `detail: ${error.detail}`)
          return true
        },
      )
    })
  }

  it('PRO-09: accepts the edges just inside the skew', async () => {
    for (const o of [{ notBefore: NOW + S - 1000 }, { notOnOrAfter: NOW - S + 1000 }]) {
      assert.deepEqual((await run(connA, signedA(o))).failures, [])
    }
  })

  it('ID-03: identity comes from the NameID, never from an email attribute', async () => {
    const outcome = await run(
      connA,
      signedA({ nameId: 'mallory@orga.test', attributes: { email: 'ceo@orga.test' } }),
    )
    assert.equal(outcome.assertion?.email, 'mallory@orga.test')
    assert.deepEqual(outcome.assertion?.attributes['email'], ['ceo@orga.test'])
  })

  it('PRO-02: the replay cache refuses an assertion ID seen before, whatever the envelope', async () => {
    const ports = {
      ...portsFor(connA),
      consumePendingRequest: async () => ({
        requestId: '_request1',
        profileId: 'a',
        purpose: 'login',
        loginTransactionId: null,
      }),
    }
    const xml = signedA({ assertionId: '_once' })
    await run(connA, xml, ports)
    await assert.rejects(run(connA, xml, ports), { code: 'saml.replayed' })
  })

  it('collects every independent failure for the connection test', async () => {
    const outcome = await run(
      connA,
      signedA({
        issuer: 'https://idp-b.test',
        audience: 'https://x.test',
        status: 'urn:oasis:names:tc:SAML:2.0:status:Requester',
      }),
      portsFor(connA),
      { collect: true },
    )
    assert.deepEqual(
      outcome.failures.map((f) => f.code),
      ['saml.issuer_mismatch', 'saml.status_not_success', 'saml.audience_mismatch'],
    )
  })
})
