/**
 * Check 5: signatures (SPEC §3.6; SECURITY-CASES I2, I3, I4, sections A–D). Each ds:Signature sits directly
 * in the Response or the Assertion, one per element, with one SignedInfo, allowlisted algorithms, exactly
 * one Reference to its parent's ID, and exactly the SAML profile's transforms (enveloped-signature, then
 * exclusive c14n). It must verify with one of the certificates pinned to this connection: KeyInfo never
 * supplies a key, it only says which pinned one to try first (and alone). Verification is the strict
 * SAML-profile verifier (signature/strict-verify.ts): the signed element is the parsed one, canonicalized
 * once per attempt; attempts are bounded by the pinned-certificate cap and the event loop gets a turn
 * between them. What later checks read comes only from the bytes the signature covers, re-parsed by the
 * same parser. When both are signed, the signed Response's bytes are parsed once and the Assertion's
 * signature is verified on, and read from, its copy there (one parse of signed bytes instead of two).
 */
import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto'
import { AppError } from '../../../errors/app-error.ts'
import { MAX_PINNED_CERTIFICATES } from '../../certificates.ts'
import {
  CANONICALIZATION_ALGORITHMS,
  DIGEST_ALGORITHMS,
  MAX_TRANSFORMS,
  SIGNATURE_ALGORITHMS,
  TRANSFORMS,
} from '../../algorithms.ts'
import { attr, children, descendants, isElement, onlyChild, textOf } from '../../xml/dom.ts'
import { NS } from '../../xml/namespaces.ts'
import { parseXML } from '../../xml/parse.ts'
import { fail, need, type ACSContext } from '../context.ts'
import { namesInclusivePrefixes, verifyStrict } from '../../signature/strict-verify.ts'

export async function signature(ctx: ACSContext): Promise<void> {
  const response = need(ctx.response, 'response')
  const assertion = need(ctx.receivedAssertion, 'assertion')
  // A decrypted assertion stands in its own document: its signatures are looked for there too.
  const detached = ctx.encryptedAssertion !== undefined
  const signatures = [...descendants(response), ...(detached ? descendants(assertion) : [])].filter(
    (e) => isElement(e, NS.dsig, 'Signature'),
  )
  for (const element of signatures) {
    const parent = element.parentNode
    if (parent !== response && parent !== assertion) {
      throw fail('saml.signature_invalid', 'Signature outside the Response or the Assertion')
    }
  }
  const responseSignature = onlyChild(response, NS.dsig, 'Signature')
  const assertionSignature = onlyChild(assertion, NS.dsig, 'Signature')
  if (responseSignature === 'many' || assertionSignature === 'many') {
    throw fail('saml.signature_invalid', 'more than one Signature on one element')
  }
  if (assertionSignature === undefined) throw fail('saml.signature_missing', 'assertion not signed')
  if (responseSignature === undefined && ctx.profile.signaturePolicy === 'both') {
    throw fail('saml.signature_missing', 'response not signed; the profile requires it')
  }
  if (ctx.profile.certificates.length === 0) {
    // Never verify with nothing (SIG-20).
    throw fail('saml.signature_invalid', 'no certificate pinned for this connection')
  }

  let assertionResult: Verified
  if (responseSignature !== undefined && !detached && !namesInclusivePrefixes(assertionSignature)) {
    // Parse once: the Response's signed bytes hold the Assertion. Verify the Response first, then the
    // Assertion's own signature on its copy inside those re-parsed bytes, and read it from there (I3:
    // it comes from re-parsed signed bytes, and both signatures verify over it). Without a prefix list,
    // exclusive c14n of the copy is the c14n of the received Assertion, so what verifies is the same.
    await verifyResponseSignature(ctx)
    const copy = signedCopy(need(ctx.signedResponse, 'signed response'), assertion)
    const copySignature = onlyChild(copy, NS.dsig, 'Signature')
    if (copySignature === undefined || copySignature === 'many') {
      throw fail('saml.signature_invalid', 'signed bytes are not the signed element')
    }
    assertionResult = await verify(ctx, copySignature, copy)
    ctx.signedAssertion = copy
  } else {
    // A prefix list may pull in a namespace declared above the Assertion that the Response's c14n
    // dropped; an encrypted Assertion is not in the Response's signed bytes: its own bytes, re-parsed.
    assertionResult = await verify(ctx, assertionSignature, assertion)
    ctx.signedAssertion = reparse(
      assertionResult.signedXml,
      NS.assertion,
      'Assertion',
      attr(assertion, 'ID'),
    )
    if (responseSignature !== undefined) await verifyResponseSignature(ctx)
  }
  ctx.signature = {
    responseSigned: responseSignature !== undefined,
    assertionSigned: true,
    algorithm: assertionResult.algorithm,
    certificate: assertionResult.fingerprint,
  }
}

/**
 * Verifies the Response's own signature (once: the decrypt check calls this first for AES-CBC, so the
 * ciphertext is authenticated before it is decrypted) and keeps the signed bytes, re-parsed.
 */
export async function verifyResponseSignature(ctx: ACSContext): Promise<void> {
  if (ctx.signedResponse !== undefined) return
  const response = need(ctx.response, 'response')
  const responseSignature = onlyChild(response, NS.dsig, 'Signature')
  if (responseSignature === undefined) throw fail('saml.signature_missing', 'response not signed')
  if (responseSignature === 'many') {
    throw fail('saml.signature_invalid', 'more than one Signature on one element')
  }
  if (ctx.profile.certificates.length === 0) {
    throw fail('saml.signature_invalid', 'no certificate pinned for this connection')
  }
  const result = await verify(ctx, responseSignature, response)
  ctx.signedResponse = reparse(result.signedXml, NS.protocol, 'Response', attr(response, 'ID'))
}

interface Verified {
  readonly signedXml: string
  readonly algorithm: string
  readonly fingerprint: string
}

async function verify(
  ctx: ACSContext,
  signatureElement: Element,
  parent: Element,
): Promise<Verified> {
  const algorithm = checkSignatureShape(signatureElement, parent)
  let refusal = 'no pinned certificate'
  for (const pem of candidateCertificates(signatureElement, ctx.profile.certificates)) {
    // Let other requests run between two passes over a large document.
    if (ctx.signatureAttempts > 0) await new Promise((resolve) => setImmediate(resolve))
    ctx.signatureAttempts++
    // KeyInfo never selects a key (SIG-21..23): only the pinned certificate is used, and the reference
    // is the parsed element itself (the shape check refused duplicate IDs and misplaced signatures).
    const pinned = pinnedKey(pem)
    const result = verifyStrict(signatureElement, parent, pinned.key)
    if (!result.valid) {
      refusal = result.reason
      continue
    }
    return {
      signedXml: result.signedXml,
      algorithm,
      fingerprint: pinned.fingerprint,
    }
  }
  if (refusal !== 'digest mismatch' && refusal !== 'signature value does not verify') {
    throw fail('saml.signature_invalid', refusal)
  }
  throw fail(
    'saml.signature_invalid',
    `no pinned certificate verifies the ${parent.localName} signature`,
  )
}

/**
 * The pinned certificates to try, in order: when KeyInfo carries a certificate that is pinned, that one
 * alone; otherwise every pinned certificate, never more than the cap. KeyInfo cannot add a key (I2).
 */
export function candidateCertificates(
  signatureElement: Element,
  pinned: readonly string[],
): readonly string[] {
  const named = new Set<string>()
  const keyInfo = onlyChild(signatureElement, NS.dsig, 'KeyInfo')
  if (keyInfo !== undefined && keyInfo !== 'many') {
    for (const data of children(keyInfo, NS.dsig, 'X509Data')) {
      for (const cert of children(data, NS.dsig, 'X509Certificate')) {
        named.add(textOf(cert).replace(/\s+/g, ''))
      }
    }
  }
  const der = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '')
  const chosen = pinned.filter((pem) => named.has(der(pem)))
  return (chosen.length > 0 ? chosen : pinned).slice(0, MAX_PINNED_CERTIFICATES)
}

/** The signature's structure, before any cryptography (I4, SIG-16, SIG-24, SIG-25, SIG-28..32). */
function checkSignatureShape(signatureElement: Element, parent: Element): string {
  const signedInfo = onlyChild(signatureElement, NS.dsig, 'SignedInfo')
  if (signedInfo === undefined || signedInfo === 'many')
    throw fail('saml.signature_invalid', 'SignedInfo')
  const values = children(signatureElement, NS.dsig, 'SignatureValue')
  if (values.length !== 1 || textOf(values[0] as Element).trim() === '') {
    throw fail('saml.signature_invalid', 'SignatureValue')
  }
  const canonicalization = onlyChild(signedInfo, NS.dsig, 'CanonicalizationMethod')
  const method = onlyChild(signedInfo, NS.dsig, 'SignatureMethod')
  if (
    canonicalization === undefined ||
    canonicalization === 'many' ||
    method === undefined ||
    method === 'many'
  ) {
    throw fail('saml.signature_invalid', 'CanonicalizationMethod or SignatureMethod')
  }
  if (!CANONICALIZATION_ALGORITHMS.has(attr(canonicalization, 'Algorithm') ?? '')) {
    throw fail(
      'saml.signature_algorithm',
      `canonicalization ${attr(canonicalization, 'Algorithm')}`,
    )
  }
  const algorithm = attr(method, 'Algorithm') ?? ''
  if (!SIGNATURE_ALGORITHMS.has(algorithm))
    throw fail('saml.signature_algorithm', `signature ${algorithm}`)
  const references = children(signedInfo, NS.dsig, 'Reference')
  if (references.length !== 1)
    throw fail('saml.signature_invalid', `${references.length} References`)
  const reference = references[0] as Element
  const id = attr(parent, 'ID')
  if (id === undefined || attr(reference, 'URI') !== `#${id}`) {
    throw fail('saml.signature_invalid', 'Reference does not point at the signed element')
  }
  const transformsElement = onlyChild(reference, NS.dsig, 'Transforms')
  if (transformsElement === 'many') throw fail('saml.signature_invalid', 'Transforms')
  const transforms =
    transformsElement === undefined ? [] : children(transformsElement, NS.dsig, 'Transform')
  if (transforms.length > MAX_TRANSFORMS)
    throw fail('saml.signature_invalid', 'too many transforms')
  for (const transform of transforms) {
    if (!TRANSFORMS.has(attr(transform, 'Algorithm') ?? '')) {
      throw fail('saml.signature_algorithm', `transform ${attr(transform, 'Algorithm')}`)
    }
  }
  const digest = onlyChild(reference, NS.dsig, 'DigestMethod')
  if (
    digest === undefined ||
    digest === 'many' ||
    !DIGEST_ALGORITHMS.has(attr(digest, 'Algorithm') ?? '')
  ) {
    throw fail('saml.signature_algorithm', 'digest')
  }
  const digestValues = children(reference, NS.dsig, 'DigestValue')
  if (digestValues.length !== 1) throw fail('saml.signature_invalid', 'DigestValue')
  return algorithm
}

/** The Assertion inside the re-parsed signed Response: its one Assertion child, with the same ID. */
function signedCopy(signedResponse: Element, assertion: Element): Element {
  const copies = children(signedResponse, NS.assertion, 'Assertion')
  const copy = copies[0]
  if (copies.length !== 1 || copy === undefined || attr(copy, 'ID') !== attr(assertion, 'ID')) {
    throw fail('saml.signature_invalid', 'signed bytes are not the signed element')
  }
  return copy
}

/** Parses the signed bytes and checks they are the element the signature was found in. */
function reparse(
  signedXml: string,
  ns: string,
  localName: string,
  id: string | undefined,
): Element {
  let root: Element
  try {
    root = parseXML(signedXml).documentElement
  } catch (error) {
    if (error instanceof AppError)
      throw fail('saml.signature_invalid', `signed bytes: ${error.code}`)
    throw error
  }
  if (!isElement(root, ns, localName) || attr(root, 'ID') !== id) {
    throw fail('saml.signature_invalid', 'signed bytes are not the signed element')
  }
  return root
}

/**
 * Pinned certificates as imported public keys, parsed once per certificate: a certificate's key never
 * changes, so this is a memo of pure values (bounded), not state.
 */
const KEYS = new Map<string, { readonly key: KeyObject; readonly fingerprint: string }>()
function pinnedKey(pem: string): { readonly key: KeyObject; readonly fingerprint: string } {
  let pinned = KEYS.get(pem)
  if (pinned === undefined) {
    pinned = { key: createPublicKey(pem), fingerprint: new X509Certificate(pem).fingerprint256 }
    if (KEYS.size >= 1000) KEYS.delete(KEYS.keys().next().value as string)
    KEYS.set(pem, pinned)
  }
  return pinned
}
