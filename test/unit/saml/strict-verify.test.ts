/**
 * The strict SAML-profile verifier against xml-crypto's `checkSignature` as a differential oracle (issue
 * 12): positive controls and a generated corpus of mutations (whitespace, attribute order, comments,
 * namespace prefixes, text, re-signed variants, wrong keys, moved signatures) go through both; they must
 * agree on every document the ACS's structural checks admit (unique IDs), and the signed bytes must be
 * the same when both accept.
 */
import assert from 'node:assert/strict'
import { createPublicKey } from 'node:crypto'
import { describe, it } from 'node:test'
import { DOMParser, XMLSerializer } from '@xmldom/xmldom'
import { SignedXml } from 'xml-crypto'
import {
  CANONICALIZATION_ALGORITHMS,
  DIGEST_ALGORITHMS,
  MAX_TRANSFORMS,
  SIGNATURE_ALGORITHMS,
  TRANSFORMS,
} from '../../../src/saml/algorithms.ts'
import { verifyStrict } from '../../../src/saml/signature/strict-verify.ts'
import { normalizeXML10LineEndings, type ParserOptions } from '../../../src/saml/xml/parse.ts'
import { buildResponse, connection, K_A, K_B, sign, type TestKey } from '../../helpers/saml.ts'
import {
  asRawCharacters,
  xmlsecAvailable,
  xmlsecSign,
  xmlsecVerifies,
} from '../../helpers/xmlsec.ts'
import { attackCases } from './attack-cases.ts'

const DSIG = 'http://www.w3.org/2000/09/xmldsig#'

/**
 * Parsed quietly (attack documents are often not well-formed, and the ACS refuses those first), with the
 * ACS parser's XML 1.0 line endings.
 */
function parse(xml: string): Document {
  const quiet = () => undefined
  const options: ParserOptions = {
    normalizeLineEndings: normalizeXML10LineEndings,
    errorHandler: { warning: quiet, error: quiet, fatalError: quiet },
  }
  return new DOMParser(options).parseFromString(xml, 'text/xml')
}

function wellFormed(xml: string): boolean {
  let ok = true
  const bad = () => {
    ok = false
  }
  new DOMParser({ errorHandler: { warning: bad, error: bad, fatalError: bad } }).parseFromString(
    xml,
    'text/xml',
  )
  return ok
}

interface Verdict {
  readonly valid: boolean
  readonly signedXml?: string
}

function signatures(doc: Document): Element[] {
  const list = doc.getElementsByTagNameNS(DSIG, 'Signature')
  return Array.from({ length: list.length }, (_, i) => list.item(i) as Element)
}

function strict(xml: string, key: TestKey): Verdict[] {
  const doc = parse(xml)
  const publicKey = createPublicKey(key.cert)
  return signatures(doc).map((element) => {
    const result = verifyStrict(element, element.parentNode as Element, publicKey)
    return result.valid ? { valid: true, signedXml: result.signedXml } : { valid: false }
  })
}

/** The ACS's algorithm allowlists (check 5's shape rules, before any cryptography). */
function allowlisted(signature: Element): boolean {
  const alg = (name: string) =>
    Array.from({ length: signature.getElementsByTagNameNS(DSIG, name).length }, (_, i) =>
      (signature.getElementsByTagNameNS(DSIG, name).item(i) as Element).getAttribute('Algorithm'),
    )
  const transforms = alg('Transform')
  return (
    alg('SignatureMethod').every((a) => SIGNATURE_ALGORITHMS.has(a ?? '')) &&
    alg('DigestMethod').every((a) => DIGEST_ALGORITHMS.has(a ?? '')) &&
    alg('CanonicalizationMethod').every((a) => CANONICALIZATION_ALGORITHMS.has(a ?? '')) &&
    transforms.length <= MAX_TRANSFORMS &&
    transforms.every((a) => TRANSFORMS.has(a ?? ''))
  )
}

/** The ACS as it was: the allowlists, then xml-crypto's checkSignature on the whole document. */
function oracle(xml: string, key: TestKey): Verdict[] {
  const doc = parse(xml)
  return signatures(doc).map((element) => {
    if (!allowlisted(element)) return { valid: false }
    const verifier = new SignedXml({ publicCert: key.cert, getCertFromKeyInfo: () => null })
    verifier.idAttributes = ['ID']
    try {
      verifier.loadSignature(element as unknown as Node)
      if (!verifier.checkSignature(xml)) return { valid: false }
      const refs = verifier.getSignedReferences()
      return { valid: true, signedXml: refs[0] }
    } catch {
      return { valid: false }
    }
  })
}

/**
 * What the ACS refuses before any signature is checked, whichever verifier follows: two elements with one
 * ID, or a Signature anywhere but directly in the Response or the Assertion (check 5's placement rule).
 */
function refusedBeforeSignatures(xml: string): boolean {
  const ids = [...xml.matchAll(/\sID="([^"]*)"/g)].map((m) => m[1])
  if (new Set(ids).size !== ids.length) return true
  const doc = parse(xml)
  // The shape check: exactly one Assertion, directly in the Response.
  const assertions = doc.getElementsByTagNameNS(
    'urn:oasis:names:tc:SAML:2.0:assertion',
    'Assertion',
  )
  if (assertions.length !== 1 || assertions.item(0)?.parentNode !== doc.documentElement) return true
  return signatures(doc).some((element) => {
    const parent = element.parentNode as Element | null
    return parent === null || !['Response', 'Assertion'].includes(parent.localName)
  })
}

/** A deterministic pseudo-random sequence, so a failing mutation can be reproduced. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

type Mutation = (xml: string, pick: () => number) => string

const MUTATIONS: Record<string, Mutation> = {
  whitespaceBetweenElements: (xml, pick) => {
    const spots = [...xml.matchAll(/></g)].map((m) => m.index ?? 0)
    const at = spots[Math.floor(pick() * spots.length)] ?? 0
    return `${xml.slice(0, at + 1)}\n  ${xml.slice(at + 1)}`
  },
  commentInside: (xml, pick) => {
    const spots = [...xml.matchAll(/<saml:(?:Subject|Conditions|AttributeStatement)>/g)]
    const m = spots[Math.floor(pick() * spots.length)]
    if (m === undefined) return xml
    const at = (m.index ?? 0) + m[0].length
    return `${xml.slice(0, at)}<!-- ${Math.floor(pick() * 1e6)} -->${xml.slice(at)}`
  },
  attributeOrder: (xml) =>
    xml.replace(
      /<saml:SubjectConfirmationData ([^>]*?)NotOnOrAfter="([^"]*)" ([^>]*?)\/>/,
      '<saml:SubjectConfirmationData NotOnOrAfter="$2" $1$3/>',
    ),
  textChange: (xml, pick) =>
    xml.replace(/ada@orga\.test/, pick() < 0.5 ? 'ada@orga.tesT' : 'eve@orga.test'),
  prefixRename: (xml) => xml.replace(/saml:/g, 'a2:').replace(/xmlns:saml=/, 'xmlns:a2='),
  attributeValueChange: (xml) => xml.replace(/SessionIndex="_s1"/, 'SessionIndex="_s2"'),
  signatureValueFlip: (xml, pick) =>
    xml.replace(/<ds:SignatureValue>([A-Za-z0-9+/])/, (_m, c: string) => {
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
      const other = alphabet[Math.floor(pick() * alphabet.length)] ?? 'A'
      return `<ds:SignatureValue>${other === c ? 'Z' : other}`
    }),
  digestValueFlip: (xml) =>
    xml.replace(
      /<ds:DigestValue>(.)/,
      (_m, c: string) => `<ds:DigestValue>${c === 'A' ? 'B' : 'A'}`,
    ),
  duplicateId: (xml) => {
    const assertion = /<saml:Assertion [\s\S]*?<\/saml:Assertion>/.exec(xml)?.[0] ?? ''
    return xml.replace(
      '<saml:Assertion ',
      `${assertion.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, '')}<saml:Assertion `,
    )
  },
  movedSignature: (xml) => {
    const signature = /<ds:Signature[\s\S]*?<\/ds:Signature>/.exec(xml)?.[0]
    if (signature === undefined) return xml
    return xml.replace(signature, '').replace('</saml:Subject>', `${signature}</saml:Subject>`)
  },
}

function corpus(count: number): { name: string; xml: string; key: TestKey }[] {
  const conn = connection('strict')
  const pick = random(20261201)
  const out: { name: string; xml: string; key: TestKey }[] = []
  for (let i = 0; i < count; i++) {
    const target = (['assertion', 'response', 'both'] as const)[i % 3] ?? 'assertion'
    const base = buildResponse({
      conn,
      now: Date.UTC(2026, 11, 1) + i * 1000,
      nameId: 'ada@orga.test',
    })
    const names = Object.keys(MUTATIONS)
    const name = names[Math.floor(pick() * names.length)] ?? 'textChange'
    const mutation = MUTATIONS[name] as Mutation
    // Mutate before signing (a re-signed variant: must verify) or after (a tampered one).
    const resign = pick() < 0.3
    const signed = resign ? sign(mutation(base, pick), target) : mutation(sign(base, target), pick)
    const key = pick() < 0.1 ? K_B : K_A
    out.push({
      name: `${i}:${name}${resign ? ':resigned' : ''}:${target}:${key === K_A ? 'A' : 'B'}`,
      xml: signed,
      key,
    })
  }
  return out
}

describe('strict SAML signature verifier, with checkSignature as the oracle', () => {
  it('accepts what a conforming IdP signs: assertion, response, both', () => {
    const conn = connection('strict')
    for (const target of ['assertion', 'response', 'both'] as const) {
      const xml = sign(buildResponse({ conn, now: Date.UTC(2026, 11, 1) }), target)
      const ours = strict(xml, K_A)
      assert.ok(ours.length > 0 && ours.every((v) => v.valid), target)
      assert.deepEqual(ours, oracle(xml, K_A))
      assert.ok(
        strict(xml, K_B).every((v) => !v.valid),
        'another key never verifies',
      )
    }
  })

  it('refuses every shape outside the SAML profile, even when it verifies', () => {
    const conn = connection('strict')
    const inclusive = sign(buildResponse({ conn, now: Date.UTC(2026, 11, 1) }), 'assertion', {
      transforms: [
        'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
        'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
      ],
    })
    assert.deepEqual(strict(inclusive, K_A), [{ valid: false }])
    const noEnveloped = sign(buildResponse({ conn, now: Date.UTC(2026, 11, 1) }), 'assertion', {
      transforms: ['http://www.w3.org/2001/10/xml-exc-c14n#'],
    })
    assert.deepEqual(strict(noEnveloped, K_A), [{ valid: false }])
  })

  it('agrees with the oracle on 2,000 generated mutations', () => {
    let compared = 0
    let accepted = 0
    const disagreements: string[] = []
    for (const { name, xml, key } of corpus(2000)) {
      if (refusedBeforeSignatures(xml)) continue
      compared++
      const ours = strict(xml, key)
      const theirs = oracle(xml, key)
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) disagreements.push(name)
      if (ours.every((v) => v.valid)) accepted++
    }
    assert.deepEqual(disagreements.slice(0, 20), [], `${disagreements.length} disagreements`)
    assert.ok(compared > 1500, `${compared} compared`)
    assert.ok(accepted > 300 && accepted < compared - 300, `${accepted} accepted of ${compared}`)
  })

  it('verifies what xmlsec1 signs, and agrees with the oracle on its mutations', () => {
    assert.ok(xmlsecAvailable(), 'xmlsec1 is installed by scripts/install-test-deps.sh')
    const conn = connection('strict')
    const pick = random(1201)
    const names = Object.keys(MUTATIONS)
    let accepted = 0
    for (let i = 0; i < 30; i++) {
      let xml = buildResponse({ conn, now: Date.UTC(2026, 11, 1) + i * 1000 })
      if (i % 3 !== 1) xml = xmlsecSign(xml, 'Assertion', K_A)
      if (i % 3 !== 0) xml = xmlsecSign(xml, 'Response', K_A)
      const plain = strict(xml, K_A)
      assert.ok(plain.length > 0 && plain.every((v) => v.valid), `xmlsec1 document ${i}`)
      assert.deepEqual(plain, oracle(xml, K_A), `xmlsec1 document ${i}`)
      accepted++
      const name = names[Math.floor(pick() * names.length)] ?? 'textChange'
      const mutated = (MUTATIONS[name] as Mutation)(xml, pick)
      if (refusedBeforeSignatures(mutated)) continue
      assert.deepEqual(strict(mutated, K_A), oracle(mutated, K_A), `${i}:${name}`)
    }
    assert.equal(accepted, 30)
  })

  it('agrees with xmlsec1 on text holding NEL, U+2028, U+2029 and CR LF, sent as raw characters', () => {
    // xmldom's default XML 1.1 line endings turned NEL and U+2028 into LF (issue 21 item 13); XML 1.0
    // keeps them, and only CR LF and CR become LF — before signing and before verifying alike.
    const conn = connection('strict')
    const values = [
      'Ada\u0085Lovelace',
      'Ada\u2028Lovelace',
      'Ada\u2029Lovelace',
      'Ada\r\nLovelace',
    ]
    for (const [i, value] of values.entries()) {
      for (const which of ['Assertion', 'Response'] as const) {
        const unsigned = buildResponse({
          conn,
          now: Date.UTC(2026, 11, 1) + i * 1000,
          attributes: { displayName: value },
        })
        const xml = asRawCharacters(xmlsecSign(unsigned, which, K_A))
        const label = `${JSON.stringify(value)} in a signed ${which}`
        assert.ok(xmlsecVerifies(xml, which, K_A.cert), `xmlsec1 accepts ${label}`)
        assert.ok(
          strict(xml, K_A).every((v) => v.valid),
          `the strict verifier accepts ${label}`,
        )
        // The same text with the character changed after signing: both refuse.
        const changed = xml.replace(/Ada[\u0085\u2028\u2029\n]Lovelace/, 'Ada Lovelace')
        assert.notEqual(changed, xml)
        assert.equal(xmlsecVerifies(changed, which, K_A.cert), false, `xmlsec1 refuses ${label}`)
        assert.ok(
          strict(changed, K_A).some((v) => !v.valid),
          `the strict verifier refuses ${label} changed`,
        )
      }
    }
  })

  it('agrees with the oracle on the whole attack catalogue', () => {
    const conn = connection('strict')
    let compared = 0
    const disagreements: string[] = []
    for (const attack of attackCases(conn, Date.UTC(2026, 11, 1))) {
      let xml: string
      try {
        xml = attack.xml()
      } catch {
        continue
      }
      // Cases that are not well-formed XML, or that the ACS refuses before any signature check.
      if (!xml.startsWith('<') || /<!DOCTYPE/i.test(xml) || !wellFormed(xml)) continue
      let refused: boolean
      try {
        refused = refusedBeforeSignatures(xml)
      } catch {
        continue
      }
      if (refused) continue
      const key = attack.profile?.certificates[0] === K_B.cert ? K_B : K_A
      const ours = strict(xml, key)
      if (ours.length === 0) continue
      compared++
      if (JSON.stringify(ours) !== JSON.stringify(oracle(xml, key))) disagreements.push(attack.id)
    }
    assert.deepEqual(disagreements, [])
    assert.ok(compared >= 10, `${compared} attack documents compared`)
  })

  it('does not change the document it verifies', () => {
    const conn = connection('strict')
    const xml = sign(buildResponse({ conn, now: Date.UTC(2026, 11, 1) }), 'both')
    const doc = parse(xml)
    const before = new XMLSerializer().serializeToString(doc)
    for (const element of signatures(doc)) {
      verifyStrict(element, element.parentNode as Element, createPublicKey(K_A.cert))
    }
    assert.equal(new XMLSerializer().serializeToString(doc), before)
  })
})
