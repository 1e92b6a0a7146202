/**
 * The SAML signature profile, verified exactly (saml-core §5.4; issue 12): an enveloped signature whose one
 * Reference is `#` + the ID of the signature's parent, transforms enveloped-signature then exclusive c14n
 * (optionally with InclusiveNamespaces), allowlisted digest and signature algorithms. The reference is the
 * parent element of the already-parsed DOM (no XPath, no re-parse), canonicalized by xml-crypto's own
 * exclusive-c14n class (never hand-written c14n); digest and signature are computed by node:crypto with a
 * pinned, pre-imported key, and the digest is compared in constant time. Any other shape is refused.
 */
import { createHash, timingSafeEqual, verify as verifySignature, type KeyObject } from 'node:crypto'
import { ExclusiveCanonicalization } from 'xml-crypto'
import {
  DIGEST_ALGORITHMS,
  ENVELOPED_SIGNATURE,
  EXC_C14N,
  SIGNATURE_ALGORITHMS,
} from '../algorithms.ts'
import {
  attr,
  children,
  descendants,
  inScopeNamespaces,
  isElement,
  onlyChild,
  textOf,
} from '../xml/dom.ts'
import { NS } from '../xml/namespaces.ts'

const DIGESTS: Readonly<Record<string, string>> = {
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
}

const SIGNATURES: Readonly<Record<string, string>> = {
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384': 'sha384',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': 'sha512',
}

export type StrictResult =
  | { readonly valid: true; readonly signedXml: string; readonly algorithm: string }
  | { readonly valid: false; readonly reason: string }

interface Shape {
  readonly signedInfo: Element
  readonly signedInfoPrefixes: readonly string[]
  readonly referencePrefixes: readonly string[]
  readonly digestAlgorithm: string
  readonly digestValue: Buffer
  readonly signatureAlgorithm: string
  readonly signatureValue: Buffer
}

/**
 * Verifies `signatureElement`, a child of `parent`, with `key`. Pure apart from the cryptography: the
 * document is not changed (the reference is canonicalized from a copy without the signature).
 */
export function verifyStrict(
  signatureElement: Element,
  parent: Element,
  key: KeyObject,
): StrictResult {
  const shape = readShape(signatureElement, parent)
  if (typeof shape === 'string') return { valid: false, reason: shape }

  // The reference: the parent without this signature (enveloped-signature), exclusive c14n. The
  // signature is taken out for the canonicalization and put back at once (synchronously, so nothing
  // else sees the document in between): no copy of a large document.
  const next = signatureElement.nextSibling
  parent.removeChild(signatureElement)
  let referenceXml: string
  try {
    referenceXml = canonicalize(parent, parent, shape.referencePrefixes)
  } finally {
    parent.insertBefore(signatureElement, next)
  }
  const digest = createHash(DIGESTS[shape.digestAlgorithm] ?? 'sha256')
    .update(referenceXml, 'utf8')
    .digest()
  if (digest.length !== shape.digestValue.length || !timingSafeEqual(digest, shape.digestValue)) {
    return { valid: false, reason: 'digest mismatch' }
  }

  const signedInfoXml = canonicalize(shape.signedInfo, shape.signedInfo, shape.signedInfoPrefixes)
  const ok = verifySignature(
    SIGNATURES[shape.signatureAlgorithm] ?? 'sha256',
    Buffer.from(signedInfoXml, 'utf8'),
    key,
    shape.signatureValue,
  )
  if (!ok) return { valid: false, reason: 'signature value does not verify' }
  return { valid: true, signedXml: referenceXml, algorithm: shape.signatureAlgorithm }
}

/** The one allowed shape, or why not. */
function readShape(signatureElement: Element, parent: Element): Shape | string {
  if (signatureElement.parentNode !== parent)
    return 'signature is not a child of the signed element'
  const signedInfo = onlyChild(signatureElement, NS.dsig, 'SignedInfo')
  if (signedInfo === undefined || signedInfo === 'many') return 'SignedInfo'
  const canonicalization = onlyChild(signedInfo, NS.dsig, 'CanonicalizationMethod')
  if (canonicalization === undefined || canonicalization === 'many') return 'CanonicalizationMethod'
  if (attr(canonicalization, 'Algorithm') !== EXC_C14N)
    return 'canonicalization is not exclusive c14n'
  const method = onlyChild(signedInfo, NS.dsig, 'SignatureMethod')
  if (method === undefined || method === 'many') return 'SignatureMethod'
  const signatureAlgorithm = attr(method, 'Algorithm') ?? ''
  if (
    !SIGNATURE_ALGORITHMS.has(signatureAlgorithm) ||
    SIGNATURES[signatureAlgorithm] === undefined
  ) {
    return `signature algorithm ${signatureAlgorithm}`
  }
  const references = children(signedInfo, NS.dsig, 'Reference')
  if (references.length !== 1) return `${references.length} References`
  const reference = references[0] as Element
  const id = attr(parent, 'ID')
  if (id === undefined || id === '' || attr(reference, 'URI') !== `#${id}`) {
    return 'Reference does not point at the signed element'
  }
  const transformsElement = onlyChild(reference, NS.dsig, 'Transforms')
  if (transformsElement === undefined || transformsElement === 'many') return 'Transforms'
  const transforms = children(transformsElement, NS.dsig, 'Transform')
  if (
    transforms.length !== 2 ||
    attr(transforms[0] as Element, 'Algorithm') !== ENVELOPED_SIGNATURE ||
    attr(transforms[1] as Element, 'Algorithm') !== EXC_C14N
  ) {
    return 'transforms are not enveloped-signature then exclusive c14n'
  }
  const digestMethod = onlyChild(reference, NS.dsig, 'DigestMethod')
  if (digestMethod === undefined || digestMethod === 'many') return 'DigestMethod'
  const digestAlgorithm = attr(digestMethod, 'Algorithm') ?? ''
  if (!DIGEST_ALGORITHMS.has(digestAlgorithm)) return `digest algorithm ${digestAlgorithm}`
  const digestValues = children(reference, NS.dsig, 'DigestValue')
  if (digestValues.length !== 1) return 'DigestValue'
  const signatureValues = children(signatureElement, NS.dsig, 'SignatureValue')
  if (signatureValues.length !== 1) return 'SignatureValue'
  const digestValue = base64(textOf(digestValues[0] as Element))
  const signatureValue = base64(textOf(signatureValues[0] as Element))
  if (digestValue === undefined || signatureValue === undefined) return 'values are not base64'
  return {
    signedInfo,
    signedInfoPrefixes: prefixList(canonicalization),
    referencePrefixes: prefixList(transforms[1] as Element),
    digestAlgorithm,
    digestValue,
    signatureAlgorithm,
    signatureValue,
  }
}

/**
 * Whether any exclusive c14n in this signature (SignedInfo's or the Reference's) names inclusive
 * prefixes: their declarations come from the signed element's context, not only from the element.
 */
export function namesInclusivePrefixes(signatureElement: Element): boolean {
  return descendants(signatureElement).some((e) => isElement(e, EXC_C14N, 'InclusiveNamespaces'))
}

/** InclusiveNamespaces/@PrefixList of an exclusive-c14n method or transform. */
function prefixList(method: Element): string[] {
  const inclusive = children(method, EXC_C14N, 'InclusiveNamespaces')
  if (inclusive.length === 0) return []
  return (attr(inclusive[0] as Element, 'PrefixList') ?? '').split(/\s+/).filter((p) => p !== '')
}

/** Exclusive c14n of `node`; `context` supplies the in-scope namespaces the prefix list may pull in. */
function canonicalize(node: Element, context: Element, prefixes: readonly string[]): string {
  return new ExclusiveCanonicalization().process(node as never, {
    inclusiveNamespacesPrefixList: [...prefixes],
    ancestorNamespaces: inScopeNamespaces(context),
  }) as unknown as string
}

function base64(text: string): Buffer | undefined {
  const compact = text.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) return undefined
  return Buffer.from(compact, 'base64')
}
